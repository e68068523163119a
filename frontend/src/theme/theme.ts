import { useCallback, useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';

/** PatternFly 6's dark theme is this class on <html>. */
const DARK_CLASS = 'pf-v6-theme-dark';
const STORAGE_KEY = 'litemaas.theme';

export function savedTheme(): Theme {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(theme: Theme): void {
  document.documentElement.classList.toggle(DARK_CLASS, theme === 'dark');
}

/** The chosen theme, applied to the document and remembered in this browser. */
export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(savedTheme);
  useEffect(() => {
    applyTheme(theme);
    localStorage.setItem(STORAGE_KEY, theme);
  }, [theme]);
  const toggle = useCallback(() => {
    setTheme((now) => (now === 'dark' ? 'light' : 'dark'));
  }, []);
  return [theme, toggle];
}
