import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Page, SubscriptionStatus } from './types';

/** Everyone's subscriptions, as the catalog's admin API shows them. */
export interface AdminSubscription {
  id: string;
  user_id: string;
  model_id: string;
  status: SubscriptionStatus;
  requests_per_month: number | null;
  tokens_per_month: number | null;
  created_at: string;
  updated_at: string;
}

export type Decision = 'approve' | 'deny' | 'suspend' | 'reactivate';

export interface SubscriptionFilter {
  status: SubscriptionStatus;
  page: number;
  pageSize: number;
}

export function useAdminSubscriptions({ status, page, pageSize }: SubscriptionFilter) {
  return useQuery({
    queryKey: ['admin', 'subscriptions', status, page, pageSize],
    queryFn: () =>
      api<Page<AdminSubscription>>('/admin/subscriptions', {
        query: { status, page, page_size: pageSize },
      }),
    placeholderData: keepPreviousData,
  });
}

export interface DecisionRequest {
  action: Decision;
  ids: string[];
  reason: string;
  /** a selection goes through `bulk`, where the catalog changes all of them or none */
  bulk: boolean;
}

/** A decision on one row (its own route) or on a selection (`bulk`, all or nothing). */
export function useDecide() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, ids, reason, bulk }: DecisionRequest) =>
      !bulk
        ? api<AdminSubscription>(
            `/admin/subscriptions/${encodeURIComponent(ids[0] ?? '')}/${action}`,
            { method: 'POST', body: { reason } },
          ).then((one) => [one])
        : api<AdminSubscription[]>('/admin/subscriptions/bulk', {
            method: 'POST',
            body: { action, ids, reason },
          }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin', 'subscriptions'] }),
  });
}
