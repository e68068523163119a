import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { session } from '../api/session';
import i18n from '../i18n';

// findBy*/waitFor give up after 1 s by default: too short when `make test` runs these beside
// the whole stack on two cores (a debounced search then misses its second render)
configure({ asyncUtilTimeout: 5000 });

// jsdom has no media queries; the theme asks for the system's preference
vi.stubGlobal('matchMedia', (query: string): Partial<MediaQueryList> => ({
  matches: false,
  media: query,
}));

afterEach(async () => {
  cleanup();
  session.set(null);
  localStorage.clear();
  document.documentElement.className = '';
  await i18n.changeLanguage('en');
});
