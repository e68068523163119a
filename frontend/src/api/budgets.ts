import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';

export type BudgetScope = 'team' | 'user' | 'subscription' | 'key';

/** A budget that applies to me, with the current period's figures; money is USD decimals. */
export interface Budget {
  id: string;
  scope: BudgetScope;
  subject_id: string;
  user_id: string | null;
  team_id: string | null;
  model_id: string | null;
  period: 'day' | 'week' | 'month' | 'none' | 'minute';
  soft_limit: string | null;
  hard_limit: string | null;
  max_requests: number | null;
  max_tokens: number | null;
  thresholds: number[];
  period_start: string;
  period_end: string | null;
  set_by: string;
  set_at: string;
  usage: { spend: string; requests: number; tokens: number };
}

export interface IncreaseRequest {
  id: string;
  budget_id: string;
  status: 'pending' | 'approved' | 'denied';
  requested_limit: string;
  reason: string;
}

export function useBudgets() {
  return useQuery({ queryKey: ['budgets'], queryFn: () => api<Budget[]>('/budgets') });
}

/** Asks for a higher hard limit; 409 while an earlier request still waits. */
export function useRequestIncrease() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, hardLimit, reason }: { id: string; hardLimit: string; reason: string }) =>
      api<IncreaseRequest>(`/budgets/${encodeURIComponent(id)}/increase-requests`, {
        method: 'POST',
        body: { hard_limit: hardLimit, reason },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['budget-requests'] }),
  });
}
