import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { es } from './locales/es';
import { fr } from './locales/fr';

export const LANGUAGES = { en: 'English', es: 'Español', fr: 'Français' } as const;
export type Language = keyof typeof LANGUAGES;
export const resources = { en, es, fr } satisfies Record<Language, unknown>;

const STORAGE_KEY = 'litemaas.language';

function savedLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved && saved in LANGUAGES) return saved as Language;
  const browser = navigator.language.slice(0, 2);
  return browser in LANGUAGES ? (browser as Language) : 'en';
}

export function changeLanguage(language: Language): Promise<unknown> {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  return i18n.changeLanguage(language);
}

void i18n.use(initReactI18next).init({
  resources: Object.fromEntries(
    Object.entries(resources).map(([language, translation]) => [language, { translation }]),
  ),
  lng: savedLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React escapes
  showSupportNotice: false,
});
document.documentElement.lang = i18n.language;

export default i18n;
