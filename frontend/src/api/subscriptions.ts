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
