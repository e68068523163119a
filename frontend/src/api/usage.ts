import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, apiBlob, type Query } from './client';

/** What every usage answer counts; `cost` is USD as an exact decimal string. */
export interface Totals {
  requests: number;
  failures: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cost: string;
}

export interface Summary extends Totals {
  start: string;
  end: string;
}

export type Granularity = 'hour' | 'day';

export interface Point extends Totals {
  at: string;
}

export interface Series {
  granularity: Granularity;
  start: string;
  end: string;
  points: Point[];
}

export type Dimension = 'model' | 'key' | 'user' | 'team' | 'provider' | 'subscription';

/** One group's totals: the fields of its dimension are set, the others null. */
export interface Group extends Totals {
  at: string | null;
  user_id: string | null;
  key_hash: string | null;
  key_id: string | null;
  team_id: string | null;
  model: string | null;
  provider: string | null;
}

export interface Breakdown {
  by: Dimension;
  start: string;
  end: string;
  items: Group[];
  total: number;
  page: number;
  page_size: number;
}

/**
 * Whose usage over which hours: `from` and `to` are UTC instants on whole hours (the billing
 * service keeps usage per hour). `everyone` (admins) asks the admin API, narrowed to `userId`.
 */
export interface UsageScope {
  from: string;
  to: string;
  everyone: boolean;
  userId?: string;
}

function base(scope: UsageScope): string {
  return scope.everyone ? '/admin/usage' : '/usage';
}

function rangeQuery(scope: UsageScope): Query {
  return {
    from: scope.from,
    to: scope.to,
    user_id: scope.everyone ? scope.userId?.trim() : undefined,
  };
}

const key = (scope: UsageScope, ...more: unknown[]) => ['usage', ...more, scope];

export function useUsageSummary(scope: UsageScope) {
  return useQuery({
    queryKey: key(scope, 'summary'),
    queryFn: () => api<Summary>(`${base(scope)}/summary`, { query: rangeQuery(scope) }),
  });
}

export function useUsageSeries(scope: UsageScope, granularity: Granularity) {
  return useQuery({
    queryKey: key(scope, 'series', granularity),
    queryFn: () =>
      api<Series>(`${base(scope)}/series`, { query: { ...rangeQuery(scope), granularity } }),
  });
}

export function useUsageBreakdown(
  scope: UsageScope,
  by: Dimension,
  page: number,
  pageSize: number,
) {
  return useQuery({
    queryKey: key(scope, 'breakdown', by, page, pageSize),
    queryFn: () =>
      api<Breakdown>(`${base(scope)}/breakdown`, {
        query: { ...rangeQuery(scope), by, page, page_size: pageSize },
      }),
    // the table keeps its rows while the next page loads
    placeholderData: keepPreviousData,
  });
}

/** The largest consumers by cost (admins only). */
export function useTopSpenders(scope: UsageScope, limit = 10) {
  return useQuery({
    queryKey: key(scope, 'top', limit),
    queryFn: () =>
      api<Breakdown>('/admin/usage/top', { query: { ...rangeQuery(scope), by: 'user', limit } }),
    enabled: scope.everyone,
  });
}

/** The range as CSV from the service, one row per period and model. */
export function fetchUsageCsv(scope: UsageScope, granularity: Granularity): Promise<Blob> {
  return apiBlob(`${base(scope)}/export`, {
    query: { ...rangeQuery(scope), granularity, by: 'model', format: 'csv' },
  });
}
