import type { AreaStrings } from '../../i18n/types';

const en = {
  comingSoon: 'Here you will read budget alerts, approval decisions and key expiry warnings.',
};

/** The notifications page's strings, per language (English is the reference). */
export const notifications: AreaStrings<typeof en> = {
  en,
  es: {
    comingSoon:
      'Aquí leerá las alertas de presupuesto, las decisiones de aprobación y los avisos de caducidad de claves.',
  },
  fr: {
    comingSoon:
      'Vous lirez ici les alertes de budget, les décisions d’approbation et les avertissements d’expiration de clés.',
  },
};
