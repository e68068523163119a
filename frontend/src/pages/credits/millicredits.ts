/**
 * People read and type credits with up to three decimals; the API speaks whole millicredits.
 * Both ways go through digits, never through a float product, so 0.1 credit is exactly 100.
 */
export const PER_CREDIT = 1000;
/** the most the billing service moves at once (and holds) */
export const MAX_MILLICREDITS = 10 ** 15;

const TYPED = /^([+-]?)(\d{1,13})(?:[.,](\d{1,3}))?$/;

/** Millicredits for what someone typed ("12.5", "-0,25"), or null when it is not a number with
 * at most three decimals (more would be a fraction of a millicredit). */
export function toMillicredits(typed: string): number | null {
  const match = TYPED.exec(typed.trim().replace(/[\s\u00a0\u202f]/g, ''));
  if (!match) return null;
  const [, sign, whole = '0', decimals = ''] = match;
  const amount = Number(whole) * PER_CREDIT + Number(decimals.padEnd(3, '0'));
  return sign === '-' ? -amount : amount;
}

/** Millicredits as credits in the reader's language, all three decimals shown ("1,234.500"). */
export function formatCredits(millicredits: number, locale: string): string {
  const magnitude = Math.abs(millicredits);
  const rest = magnitude % PER_CREDIT;
  const whole = (magnitude - rest) / PER_CREDIT;
  const thousandths = String(rest).padStart(3, '0');
  const point =
    new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')
      ?.value ?? '.';
  const sign = millicredits < 0 ? '-' : '';
  return `${sign}${new Intl.NumberFormat(locale).format(whole)}${point}${thousandths}`;
}
