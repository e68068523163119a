import type { AreaStrings } from '../../i18n/types';

const en = {
  comingSoon:
    'Here administrators will manage users and roles, approve subscriptions, govern models and teams, and watch the sync with LiteLLM.',
};

/** The admin page's strings, per language (English is the reference). */
export const admin: AreaStrings<typeof en> = {
  en,
  es: {
    comingSoon:
      'Aquí los administradores gestionarán usuarios y roles, aprobarán suscripciones, gobernarán modelos y equipos y vigilarán la sincronización con LiteLLM.',
  },
  fr: {
    comingSoon:
      'Les administrateurs géreront ici les utilisateurs et les rôles, approuveront les abonnements, gouverneront les modèles et les équipes et suivront la synchronisation avec LiteLLM.',
  },
};
