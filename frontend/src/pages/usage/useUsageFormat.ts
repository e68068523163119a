import { useTranslation } from 'react-i18next';
import type { Granularity } from '../../api/usage';

/** Costs, counts and periods in the reader's language; periods in UTC, as the API counts. */
export function useUsageFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  const usd = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  });
  const count = new Intl.NumberFormat(locale);
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const hour = new Intl.DateTimeFormat(locale, {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  return {
    /** a USD decimal string (exact in the API; rounded to 4 places for reading) */
    cost: (decimal: string) => usd.format(Number(decimal)),
    count: (value: number) => count.format(value),
    period: (iso: string, granularity: Granularity) =>
      (granularity === 'hour' ? hour : day).format(new Date(iso)),
  };
}
