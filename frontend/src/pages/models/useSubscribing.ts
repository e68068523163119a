import { useSubscribe, useSubscriptions } from '../../api/subscriptions';
import type { SubscriptionStatus } from '../../api/types';

const LIVE: SubscriptionStatus[] = ['active', 'pending'];

/** Subscribing from the catalog: the caller's live subscriptions by model, and the action. */
export function useSubscribing() {
  const subscriptions = useSubscriptions();
  const subscribe = useSubscribe();
  const statusOf = (modelId: string): SubscriptionStatus | undefined =>
    subscriptions.data?.items.find((s) => s.model_id === modelId && LIVE.includes(s.status))
      ?.status;
  const busyFor = (modelId: string) => subscribe.isPending && subscribe.variables === modelId;
  return { subscribe, statusOf, busyFor };
}
