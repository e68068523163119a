import type { AreaStrings } from '../../i18n/types';

const en = {
  comingSoon: 'Here you will chat with a model using one of your own keys, answer streamed live.',
};

/** The playground page's strings, per language (English is the reference). */
export const playground: AreaStrings<typeof en> = {
  en,
  es: {
    comingSoon:
      'Aquí conversará con un modelo usando una de sus propias claves, con la respuesta en directo.',
  },
  fr: {
    comingSoon:
      'Vous discuterez ici avec un modèle en utilisant l’une de vos clés, la réponse affichée en direct.',
  },
};
