import { expect, test } from '@playwright/test';
import { go, logIn, uniqueName } from './support';

const LANGUAGES = [
  {
    code: 'es',
    nav: 'Navegación principal',
    models: 'Modelos',
    keysTitle: 'Claves de API',
    create: 'Crear clave de API',
  },
  {
    code: 'fr',
    nav: 'Navigation principale',
    models: 'Modèles',
    keysTitle: 'Clés d’API',
    create: 'Créer une clé d’API',
  },
  {
    code: 'en',
    nav: 'Main navigation',
    models: 'Models',
    keysTitle: 'API keys',
    create: 'Create API key',
  },
] as const;

test('the language switch changes the visible texts and the page language', async ({ page }) => {
  await logIn(page, uniqueName('e2e-language'));
  await go(page, 'API keys');
  for (const language of LANGUAGES) {
    await page
      .getByRole('combobox', { name: /^(Language|Idioma|Langue)$/ })
      .selectOption(language.code);
    await expect(
      page
        .getByRole('navigation', { name: language.nav })
        .getByRole('link', { name: language.models, exact: true }),
    ).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(language.keysTitle);
    await expect(page.getByRole('button', { name: language.create })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', language.code);
  }
});
