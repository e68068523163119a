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
    skipToContent: 'Saltar al contenido',
  },
  common: {
    back: 'Volver',
    breadcrumb: 'Ruta de navegación',
    clearSearch: 'Borrar la búsqueda',
    failed: 'Algo salió mal',
    loading: 'Cargando',
    unexpectedError: 'El servicio no respondió como se esperaba. Inténtelo de nuevo en un momento.',
    unknown: 'Desconocido',
  },
  nav: {
    label: 'Navegación principal',
    home: 'Inicio',
    models: 'Modelos',
    subscriptions: 'Suscripciones',
    apiKeys: 'Claves de API',
    teams: 'Equipos',
    usage: 'Consumo',
    credits: 'Créditos',
    notifications: 'Notificaciones',
    playground: 'Zona de pruebas',
    admin: 'Administración',
  },
  masthead: {
    toggleNav: 'Mostrar u ocultar la navegación',
    language: 'Idioma',
    darkTheme: 'Cambiar al tema oscuro',
    lightTheme: 'Cambiar al tema claro',
    userMenu: 'Cuenta de {{name}}',
    logOut: 'Cerrar sesión',
  },
  login: {
    title: 'Iniciar sesión en LiteMaaS',
    subtitle: 'Descubra modelos, suscríbase y cree claves de API.',
    username: 'Nombre de usuario',
    fullName: 'Nombre completo',
    devSubmit: 'Iniciar sesión (desarrollo)',
    withOidc: 'Iniciar sesión con su organización (OIDC)',
    withOpenShift: 'Iniciar sesión con OpenShift',
    failed: 'No se pudo iniciar sesión',
    tryAgain: 'Volver a la página de inicio de sesión',
  },
  home: {
    title: 'Bienvenido/a, {{name}}',
    intro: 'Tres pasos hasta su primera petición: elija un modelo, suscríbase y cree una clave.',
    modelsBody:
      'Explore los modelos que ofrece la plataforma, con sus precios y tamaños de contexto.',
    subscriptionsBody:
      'Consulte sus suscripciones; los modelos restringidos esperan a un administrador.',
    keysBody: 'Cree claves de API para sus modelos suscritos y revoque las que ya no use.',
    open: 'Abrir {{page}}',
  },
  models: {
    title: 'Modelos',
    intro:
      'Los modelos a los que puede suscribirse. Los precios están en dólares estadounidenses por millón de tokens.',
    search: 'Buscar modelos',
    tableLabel: 'Modelos',
    name: 'Modelo',
    provider: 'Proveedor',
    context: 'Contexto (tokens)',
    inputCost: 'Precio de entrada (por millón de tokens)',
    outputCost: 'Precio de salida (por millón de tokens)',
    capabilities: 'Capacidades',
    access: 'Acceso',
    accessOpen: 'Abierto: la suscripción se activa al instante',
    accessRestricted: 'Restringido: un administrador aprueba cada suscripción',
    action: 'Suscripción',
    restricted: 'Restringido',
    subscribe: 'Suscribirse',
    requestAccess: 'Solicitar acceso',
    subscribeTo: 'Suscribirse a {{model}}',
    subscribed: 'Está suscrito/a a {{model}}.',
    subscribedPending: 'Su suscripción a {{model}} espera la aprobación de un administrador.',
    subscribeFailed: 'No se pudo suscribir',
    loadFailed: 'No se pudieron cargar los modelos',
    loadOneFailed: 'No se pudo cargar este modelo',
    emptyTitle: 'No hay modelos',
    emptySearch: 'Ningún modelo coincide con esta búsqueda.',
    emptyCatalog:
      'El catálogo está vacío por ahora: los modelos aparecen cuando la plataforma los encuentra.',
  },
  subscriptions: {
    title: 'Suscripciones',
    intro:
      'Los modelos a los que se ha suscrito. Solo las suscripciones activas pueden usarse en claves de API.',
    tableLabel: 'Sus suscripciones',
    model: 'Modelo',
    statusColumn: 'Estado',
    since: 'Último cambio',
    action: 'Acción',
    status: {
      active: 'Activa',
      pending: 'Pendiente de aprobación',
      suspended: 'Suspendida',
      denied: 'Denegada',
      cancelled: 'Cancelada',
    },
    pendingHint: 'Un administrador debe aprobarla antes de que pueda usar el modelo.',
    cancel: 'Cancelar suscripción',
    cancelOne: 'Cancelar la suscripción a {{model}}',
    confirmTitle: '¿Cancelar esta suscripción?',
    confirmBody:
      'El modelo {{model}} sale de sus claves de API de inmediato. Puede volver a suscribirse más tarde.',
    cancelFailed: 'No se pudo cancelar la suscripción',
    loadFailed: 'No se pudieron cargar sus suscripciones',
    emptyTitle: 'Aún no tiene suscripciones',
    emptyBody: 'Suscríbase a un modelo para usarlo con una clave de API.',
    browse: 'Explorar modelos',
  },
  pager: {
    label: 'Paginación',
    items: 'elementos',
    page: 'página',
    pages: 'páginas',
    itemsPerPage: 'Elementos por página',
    perPageSuffix: 'por página',
    of: 'de',
    currentPage: 'Página actual',
    first: 'Ir a la primera página',
    last: 'Ir a la última página',
    next: 'Ir a la página siguiente',
    previous: 'Ir a la página anterior',
  },
  placeholder: {
    title: 'Próximamente',
  },
};

export const es: Translations = {
  ...core,
  keys: keys.es,
  teams: teams.es,
  usage: usage.es,
  credits: credits.es,
  notifications: notifications.es,
  playground: playground.es,
  admin: admin.es,
};
