import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { ApiKey, Page } from './types';

/** A key's limits, as the keys service keeps them (budgets are decimal strings, USD). */
export interface KeyLimits {
  max_budget: string | null;
  budget_duration: string | null;
  soft_budget?: string | null;
  tpm_limit: number | null;
  rpm_limit: number | null;
  max_parallel_requests?: number | null;
}

/** A key as `GET /api/v1/api-keys` answers (the shared `ApiKey` plus what the keys pages show). */
export interface Key extends ApiKey {
  owner_user_id?: string;
  team_id?: string | null;
  limits?: KeyLimits;
  /** a rotated key's end: it works until then */
  revoke_at?: string | null;
  blocked_reason?: string | null;
}

/** Limits the UI lets people set; each is left out when not set (the service has no limit). */
export interface LimitsIn {
  max_budget?: string;
  budget_duration?: string;
  tpm_limit?: number;
  rpm_limit?: number;
}

export interface NewKey extends LimitsIn {
  name: string;
  models: string[];
  team_id?: string;
  /** ISO 8601 with a time zone, in the future */
  expires_at?: string;
}

// The API's largest page: the UI lists a user's keys (and their teams') on one page.
const ALL = 100;

/** My keys and my teams' keys, or (`teamId`) one team's keys only, narrowed by the service. */
export function useKeys(teamId?: string) {
  return useQuery({
    // under ['keys']: every key mutation refreshes the team lists too
    queryKey: teamId === undefined ? ['keys'] : ['keys', { team_id: teamId }],
    queryFn: () => api<Page<Key>>('/api-keys', { query: { page_size: ALL, team_id: teamId } }),
  });
}

export function useCreateKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewKey) => api<Key>('/api-keys', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['keys'] }),
  });
}

export interface Rotation {
  id: string;
  /** how long the old secret keeps working; the service's default when left out */
  overlapSeconds?: number;
}

/** A new key in the old one's place: the answer carries the new secret, once. */
export function useRotateKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, overlapSeconds }: Rotation) =>
      api<Key>(`/api-keys/${encodeURIComponent(id)}/rotate`, {
        method: 'POST',
        body: overlapSeconds === undefined ? {} : { overlap_seconds: overlapSeconds },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['keys'] }),
  });
}

export function useRevokeKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<Key>(`/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['keys'] }),
  });
}
