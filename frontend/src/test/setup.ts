import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { session } from '../api/session';
import i18n from '../i18n';

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
