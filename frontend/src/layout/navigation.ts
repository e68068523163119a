/** Every page in the nav: its path and its title's i18n key. */
export interface NavEntry {
  path: string;
  title: string;
  adminOnly?: boolean;
}

export const NAV: NavEntry[] = [
  { path: '/', title: 'nav.home' },
  { path: '/models', title: 'nav.models' },
  { path: '/subscriptions', title: 'nav.subscriptions' },
  { path: '/api-keys', title: 'nav.apiKeys' },
  { path: '/teams', title: 'nav.teams' },
  { path: '/usage', title: 'nav.usage' },
  { path: '/credits', title: 'nav.credits' },
  { path: '/notifications', title: 'nav.notifications' },
  { path: '/playground', title: 'nav.playground' },
  { path: '/admin', title: 'nav.admin', adminOnly: true },
];
