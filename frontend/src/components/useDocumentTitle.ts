import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** The browser tab names the page (screen readers announce it on navigation). */
export function useDocumentTitle(title: string): void {
  const { t } = useTranslation();
  const app = t('app.name');
  useEffect(() => {
    document.title = title === app ? app : `${title} · ${app}`;
  }, [title, app]);
}
