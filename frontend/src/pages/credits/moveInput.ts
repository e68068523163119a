import { MAX_MILLICREDITS, toMillicredits } from './millicredits';

export type AmountProblem = 'invalid' | 'notPositive' | 'zero' | 'tooLarge';

/** What the billing service would refuse in an amount, checked before asking it. */
export function amountProblem(typed: string, kind: 'grant' | 'adjustment'): AmountProblem | null {
  const amount = toMillicredits(typed);
  if (amount === null) return 'invalid';
  if (Math.abs(amount) > MAX_MILLICREDITS) return 'tooLarge';
  if (kind === 'grant' && amount <= 0) return 'notPositive';
  return amount === 0 ? 'zero' : null;
}

export const AMOUNT_PROBLEM_TEXT = {
  invalid: 'credits.amountInvalid',
  notPositive: 'credits.amountPositive',
  zero: 'credits.amountZero',
  tooLarge: 'credits.amountTooLarge',
} as const;
