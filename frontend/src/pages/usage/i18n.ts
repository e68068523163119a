import type { AreaStrings } from '../../i18n/types';

const en = {
  comingSoon:
    'Here you will see your spend and tokens over time, by model and key, and export them.',
};

/** The usage page's strings, per language (English is the reference). */
export const usage: AreaStrings<typeof en> = {
  en,
  es: {
    comingSoon:
      'Aquí verá su gasto y sus tokens a lo largo del tiempo, por modelo y por clave, y podrá exportarlos.',
  },
  fr: {
    comingSoon:
      'Vous verrez ici vos dépenses et vos jetons dans le temps, par modèle et par clé, et pourrez les exporter.',
  },
};
