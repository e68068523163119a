import type { LimitsIn } from '../../api/keys';

/** What the limit fields hold while someone types: text, as typed ('' is "no limit"). */
export interface LimitsDraft {
  maxBudget: string;
  budgetDuration: string;
  tpm: string;
  rpm: string;
}

export const NO_LIMITS: LimitsDraft = { maxBudget: '', budgetDuration: '', tpm: '', rpm: '' };

/** The services' bounds: LiteLLM keeps limits in 32-bit integers; budgets up to 10 million. */
const INT32_MAX = 2 ** 31 - 1;
const MAX_BUDGET = 10_000_000;

export type LimitField = 'maxBudget' | 'tpm' | 'rpm';

/** The fields whose text the services would refuse (422), to say so before sending. */
export function invalidLimits(draft: LimitsDraft): LimitField[] {
  const bad: LimitField[] = [];
  const budget = draft.maxBudget.trim();
  if (budget && !(/^\d+(\.\d{1,4})?$/.test(budget) && Number(budget) <= MAX_BUDGET)) {
    bad.push('maxBudget');
  }
  (['tpm', 'rpm'] as const).forEach((field) => {
    const text = draft[field].trim();
    if (text && !(/^\d+$/.test(text) && Number(text) <= INT32_MAX)) bad.push(field);
  });
  return bad;
}

/** The limits set in `draft`, each left out when empty. Call after `invalidLimits` is []. */
export function limitsOf(draft: LimitsDraft): LimitsIn {
  const limits: LimitsIn = {};
  // the budget stays a decimal string: a float would not keep 4 decimals exactly
  if (draft.maxBudget.trim()) limits.max_budget = draft.maxBudget.trim();
  if (draft.budgetDuration) limits.budget_duration = draft.budgetDuration;
  if (draft.tpm.trim()) limits.tpm_limit = Number(draft.tpm.trim());
  if (draft.rpm.trim()) limits.rpm_limit = Number(draft.rpm.trim());
  return limits;
}

/** The draft that shows limits already set (e.g. a team's, to edit them). */
export function draftOf(limits: {
  max_budget: string | null;
  budget_duration: string | null;
  tpm_limit: number | null;
  rpm_limit: number | null;
}): LimitsDraft {
  return {
    maxBudget: limits.max_budget === null ? '' : String(Number(limits.max_budget)),
    budgetDuration: limits.budget_duration ?? '',
    tpm: limits.tpm_limit === null ? '' : String(limits.tpm_limit),
    rpm: limits.rpm_limit === null ? '' : String(limits.rpm_limit),
  };
}

/** Budget periods offered (LiteLLM's `budget_duration`: a number and s, m, h or d). */
export const DURATIONS = ['1d', '7d', '30d'] as const;
