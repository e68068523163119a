import type { Budget } from '../../api/budgets';
import type { CreditAccount, CreditTransaction } from '../../api/credits';
import { mockApi, ok, type Call } from '../../test/fetchMock';
import { alice } from '../../test/render';

/** What the billing service answers on the credits page, for its tests. */
export function account(
  owner: 'user' | 'team',
  id: string,
  balance: number,
  low = false,
): CreditAccount {
  return {
    id: `acc-${id}`,
    owner,
    owner_id: id,
    tier: 'starter',
    markup: '0.4',
    balance_millicredits: balance,
    spendable_usd: '8.8175',
    low_balance_threshold: 1_000_000,
    low_balance: low,
  };
}

export function line(id: number, amount: number, extra: Partial<CreditTransaction> = {}) {
  return {
    id,
    kind: 'debit',
    amount_millicredits: amount,
    balance_after: 12_345_000 + id,
    reason: null,
    actor: null,
    request_id: `req-${String(id)}`,
    cost_usd: '0.0136',
    markup: '0.4',
    created_at: '2026-11-30T10:00:00Z',
    ...extra,
  } satisfies CreditTransaction;
}

export function budget(extra: Partial<Budget> = {}): Budget {
  return {
    id: 'b-1',
    scope: 'user',
    subject_id: alice.id,
    user_id: alice.id,
    team_id: null,
    model_id: null,
    period: 'month',
    soft_limit: null,
    hard_limit: '10',
    max_requests: null,
    max_tokens: null,
    thresholds: [50, 80, 90, 100],
    period_start: '2026-11-01T00:00:00Z',
    period_end: '2026-12-01T00:00:00Z',
    set_by: 'u-admin',
    set_at: '2026-11-01T00:00:00Z',
    usage: { spend: '8.5', requests: 12, tokens: 3400 },
    ...extra,
  };
}

export const grantLine = line(7, 20_000_000, {
  kind: 'grant',
  reason: 'welcome',
  request_id: null,
});

export function creditsApi(routes: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    'GET /credits': () =>
      ok([account('user', alice.id, 12_345_678), account('team', 't-1', 999_500, true)]),
    'GET /teams': () => ok([{ id: 't-1', name: 'research' }]),
    'GET /credits/user/u-alice/transactions': () => ok([line(8, -19), grantLine]),
    'GET /credits/team/t-1/transactions': () => ok([]),
    'GET /budgets': () => ok([budget()]),
    ...routes,
  });
}

export const find = (calls: Call[], method: string, path: string) =>
  calls.filter((c) => c.method === method && c.path === path);
