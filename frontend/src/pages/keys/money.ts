import { useTranslation } from 'react-i18next';

/** A USD decimal string (a budget) in the reader's language, up to the services' 4 decimals. */
export function useUsd(): (amount: string) => string {
  const { i18n } = useTranslation();
  const usd = new Intl.NumberFormat(i18n.language, {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: 4,
  });
  return (amount) => usd.format(Number(amount));
}
