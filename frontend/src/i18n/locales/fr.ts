import type { Translations } from './en';
import { admin } from '../../pages/admin/i18n';
import { credits } from '../../pages/credits/i18n';
import { keys } from '../../pages/keys/i18n';
import { notifications } from '../../pages/notifications/i18n';
import { playground } from '../../pages/playground/i18n';
import { teams } from '../../pages/teams/i18n';
import { usage } from '../../pages/usage/i18n';

const core = {
  app: {
    name: 'LiteMaaS',
    skipToContent: 'Aller au contenu',
  },
  common: {
    back: 'Retour',
    breadcrumb: 'Fil d’Ariane',
    clearSearch: 'Effacer la recherche',
    failed: 'Une erreur est survenue',
    loading: 'Chargement',
    unexpectedError: 'Le service n’a pas répondu comme prévu. Réessayez dans un instant.',
    unknown: 'Inconnu',
  },
  nav: {
    label: 'Navigation principale',
    home: 'Accueil',
    models: 'Modèles',
    subscriptions: 'Abonnements',
    apiKeys: 'Clés d’API',
    teams: 'Équipes',
    usage: 'Consommation',
    credits: 'Crédits',
    notifications: 'Notifications',
    playground: 'Bac à sable',
    admin: 'Administration',
  },
  masthead: {
    toggleNav: 'Afficher ou masquer la navigation',
    language: 'Langue',
    darkTheme: 'Passer au thème sombre',
    lightTheme: 'Passer au thème clair',
    userMenu: 'Compte de {{name}}',
    logOut: 'Se déconnecter',
  },
  login: {
    title: 'Se connecter à LiteMaaS',
    subtitle: 'Découvrez les modèles, abonnez-vous et créez des clés d’API.',
    username: 'Nom d’utilisateur',
    fullName: 'Nom complet',
    devSubmit: 'Se connecter (développement)',
    withOidc: 'Se connecter avec votre organisation (OIDC)',
    withOpenShift: 'Se connecter avec OpenShift',
    failed: 'La connexion a échoué',
    tryAgain: 'Revenir à la page de connexion',
  },
  home: {
    title: 'Bienvenue, {{name}}',
    intro:
      'Trois étapes jusqu’à votre première requête : choisir un modèle, s’abonner, créer une clé.',
    modelsBody:
      'Parcourez les modèles servis par la plateforme, avec leurs prix et leurs tailles de contexte.',
    subscriptionsBody:
      'Consultez vos abonnements ; les modèles restreints attendent un administrateur.',
    keysBody:
      'Créez des clés d’API pour vos modèles abonnés et révoquez celles dont vous n’avez plus besoin.',
    open: 'Ouvrir {{page}}',
  },
  models: {
    title: 'Modèles',
    intro:
      'Les modèles auxquels vous pouvez vous abonner. Les prix sont en dollars américains par million de jetons.',
    search: 'Rechercher des modèles',
    tableLabel: 'Modèles',
    name: 'Modèle',
    provider: 'Fournisseur',
    context: 'Contexte (jetons)',
    inputCost: 'Prix en entrée (par million de jetons)',
    outputCost: 'Prix en sortie (par million de jetons)',
    capabilities: 'Capacités',
    access: 'Accès',
    accessOpen: 'Ouvert : l’abonnement est actif aussitôt',
    accessRestricted: 'Restreint : un administrateur approuve chaque abonnement',
    action: 'Abonnement',
    restricted: 'Restreint',
    subscribe: 'S’abonner',
    requestAccess: 'Demander l’accès',
    subscribeTo: 'S’abonner à {{model}}',
    subscribed: 'Vous êtes abonné·e à {{model}}.',
    subscribedPending: 'Votre abonnement à {{model}} attend l’approbation d’un administrateur.',
    subscribeFailed: 'Impossible de s’abonner',
    loadFailed: 'Impossible de charger les modèles',
    loadOneFailed: 'Impossible de charger ce modèle',
    emptyTitle: 'Aucun modèle',
    emptySearch: 'Aucun modèle ne correspond à cette recherche.',
    emptyCatalog:
      'Le catalogue est vide pour l’instant : les modèles apparaissent dès que la plateforme les a trouvés.',
  },
  subscriptions: {
    title: 'Abonnements',
    intro:
      'Les modèles auxquels vous êtes abonné·e. Seuls les abonnements actifs servent dans les clés d’API.',
    tableLabel: 'Vos abonnements',
    model: 'Modèle',
    statusColumn: 'État',
    since: 'Dernière modification',
    action: 'Action',
    status: {
      active: 'Actif',
      pending: 'En attente d’approbation',
      suspended: 'Suspendu',
      denied: 'Refusé',
      cancelled: 'Annulé',
    },
    pendingHint: 'Un administrateur doit l’approuver avant que vous puissiez utiliser le modèle.',
    cancel: 'Annuler l’abonnement',
    cancelOne: 'Annuler l’abonnement à {{model}}',
    confirmTitle: 'Annuler cet abonnement ?',
    confirmBody:
      'Le modèle {{model}} quitte aussitôt vos clés d’API. Vous pourrez vous abonner de nouveau plus tard.',
    cancelFailed: 'Impossible d’annuler l’abonnement',
    loadFailed: 'Impossible de charger vos abonnements',
    emptyTitle: 'Aucun abonnement pour l’instant',
    emptyBody: 'Abonnez-vous à un modèle pour l’utiliser avec une clé d’API.',
    browse: 'Parcourir les modèles',
  },
  pager: {
    label: 'Pagination',
    items: 'éléments',
    page: 'page',
    pages: 'pages',
    itemsPerPage: 'Éléments par page',
    perPageSuffix: 'par page',
    of: 'sur',
    currentPage: 'Page actuelle',
    first: 'Aller à la première page',
    last: 'Aller à la dernière page',
    next: 'Aller à la page suivante',
    previous: 'Aller à la page précédente',
  },
  placeholder: {
    title: 'Bientôt disponible',
  },
};

export const fr: Translations = {
  ...core,
  keys: keys.fr,
  teams: teams.fr,
  usage: usage.fr,
  credits: credits.fr,
  notifications: notifications.fr,
  playground: playground.fr,
  admin: admin.fr,
};
