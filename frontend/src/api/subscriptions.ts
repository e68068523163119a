import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Page, Subscription, SubscriptionStatus } from './types';

// The API's largest page: the UI lists a user's subscriptions on one page.
const ALL = 100;

export function useSubscriptions(status?: SubscriptionStatus) {
  return useQuery({
    queryKey: ['subscriptions', status],
    queryFn: () => api<Page<Subscription>>('/subscriptions', { query: { status, page_size: ALL } }),
  });
}

/** One line of a subscription's history: each change of status, who made it, and why. */
export interface SubscriptionChange {
  from_status: SubscriptionStatus | null;
  to_status: SubscriptionStatus;
  changed_by: string;
  reason: string;
  at: string;
}

/** One subscription with its history, asked for only when someone opens it. */
export function useSubscriptionHistory(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['subscriptions', 'one', id],
    queryFn: () =>
      api<Subscription & { history: SubscriptionChange[] }>(
        `/subscriptions/${encodeURIComponent(id)}`,
      ),
    enabled,
  });
}

export function useSubscribe() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (modelId: string) =>
      api<Subscription>('/subscriptions', { method: 'POST', body: { model_id: modelId } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['subscriptions'] }),
  });
}

export function useCancelSubscription() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<Subscription>(`/subscriptions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['subscriptions'] }),
  });
}
