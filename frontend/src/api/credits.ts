import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';

export type CreditOwner = 'user' | 'team';

/** A prepaid balance (`GET /api/v1/credits`): amounts in millicredits, exact integers. */
export interface CreditAccount {
  id: string;
  owner: CreditOwner;
  owner_id: string;
  tier: string;
  /** decimal string: 0.4 is 40 % over LiteLLM's list price */
  markup: string;
  balance_millicredits: number;
  /** what the balance still pays for, USD at list price (decimal string) */
  spendable_usd: string;
  low_balance_threshold: number;
  low_balance: boolean;
}

export type TransactionKind = 'grant' | 'adjustment' | 'debit';

export interface CreditTransaction {
  id: number | null;
  kind: TransactionKind;
  amount_millicredits: number;
  balance_after: number;
  reason: string | null;
  actor: string | null;
  request_id: string | null;
  cost_usd: string | null;
  markup: string | null;
  created_at: string;
}

export interface CreditMove {
  owner: CreditOwner;
  ownerId: string;
  kind: 'grant' | 'adjustment';
  amountMillicredits: number;
  reason: string;
}

/** transactions asked per page; a shorter page is the last */
export const TRANSACTIONS_PAGE = 20;

const ownerPath = (owner: CreditOwner, id: string) => `${owner}/${encodeURIComponent(id)}`;

export function useCredits() {
  return useQuery({ queryKey: ['credits'], queryFn: () => api<CreditAccount[]>('/credits') });
}

/** An account's transactions, newest first, a page at a time (`before` the oldest shown). */
export function useTransactions(owner: CreditOwner, ownerId: string) {
  return useInfiniteQuery({
    queryKey: ['credits', owner, ownerId, 'transactions'],
    queryFn: ({ pageParam }) =>
      api<CreditTransaction[]>(`/credits/${ownerPath(owner, ownerId)}/transactions`, {
        query: { limit: TRANSACTIONS_PAGE, before: pageParam },
      }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) =>
      last.length < TRANSACTIONS_PAGE ? undefined : (last[last.length - 1]?.id ?? undefined),
  });
}

/** An admin's grant (positive) or adjustment (either way), with its reason. */
export function useMoveCredits() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (move: CreditMove) =>
      api<CreditAccount>(
        `/admin/credits/${ownerPath(move.owner, move.ownerId)}/${
          move.kind === 'grant' ? 'grants' : 'adjustments'
        }`,
        {
          method: 'POST',
          body: { amount_millicredits: move.amountMillicredits, reason: move.reason },
        },
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['credits'] }),
  });
}
