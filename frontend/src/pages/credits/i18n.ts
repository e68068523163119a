import type { AreaStrings } from '../../i18n/types';

const en = {
  comingSoon: 'Here you will see your prepaid credit balance and its transactions.',
};

/** The credits page's strings, per language (English is the reference). */
export const credits: AreaStrings<typeof en> = {
  en,
  es: {
    comingSoon: 'Aquí verá el saldo de sus créditos prepagados y sus movimientos.',
  },
  fr: {
    comingSoon: 'Vous verrez ici le solde de vos crédits prépayés et ses mouvements.',
  },
};
