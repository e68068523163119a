import { useTranslation } from 'react-i18next';

const MILLION = 1_000_000;

/** Numbers, prices and dates in the reader's language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  const usd = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: 4,
  });
  const count = new Intl.NumberFormat(locale);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    /** a per-token USD decimal string as the price of a million tokens */
    perMillion: (perToken: string | null) =>
      perToken === null ? null : usd.format(Number(perToken) * MILLION),
    count: (value: number | null) => (value === null ? null : count.format(value)),
    date: (iso: string) => date.format(new Date(iso)),
  };
}
