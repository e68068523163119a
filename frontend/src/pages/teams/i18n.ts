import type { AreaStrings } from '../../i18n/types';

const en = {
  comingSoon: 'Here you will create teams, manage their members and roles, team keys and limits.',
};

/** The teams page's strings, per language (English is the reference). */
export const teams: AreaStrings<typeof en> = {
  en,
  es: {
    comingSoon:
      'Aquí creará equipos y gestionará sus miembros y roles, las claves del equipo y sus límites.',
  },
  fr: {
    comingSoon:
      'Vous créerez ici des équipes et gérerez leurs membres et rôles, leurs clés et leurs limites.',
  },
};
