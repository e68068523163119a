import { expect, test, type Page } from '@playwright/test';
import {
  apiAs,
  catalogHas,
  expectAccessible,
  go,
  logIn,
  screenshot,
  settled,
  uniqueName,
} from './support';

/**
 * Every main page: the automated accessibility check (axe-core, no serious or critical
 * violation) and a screenshot under tests/e2e/screenshots/ (the README shows models.png).
 */

const MODEL = 'mock-gpt';
/** nav link → screenshot name */
const USER_PAGES = [
  ['Home', 'home'],
  ['Models', 'models'],
  ['Subscriptions', 'subscriptions'],
  ['API keys', 'api-keys'],
  ['Teams', 'teams'],
  ['Usage', 'usage'],
  ['Credits', 'credits'],
  ['Notifications', 'notifications'],
  ['Playground', 'playground'],
] as const;

/** the administration's sections (its own nav) → screenshot name */
const ADMIN_SECTIONS = [
  ['Users', 'admin-users'],
  ['Approvals', 'admin-approvals'],
  ['Models', 'admin-models'],
  ['Teams', 'admin-teams'],
  ['Sync with LiteLLM', 'admin-sync'],
  ['Audit log', 'admin-audit'],
] as const;

async function check(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await screenshot(page, name);
}

test('the login page', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Log in to LiteMaaS' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Log in (development)' })).toBeVisible();
  await check(page, 'login');
});

test("a user's pages", async ({ page }) => {
  // a user with one subscription, so the models and subscriptions pages show one of each state
  const user = uniqueName('e2e-pages');
  const call = await apiAs(user);
  await catalogHas(call, [MODEL]);
  expect((await call('/subscriptions', { method: 'POST', body: { model_id: MODEL } })).status).toBe(
    201,
  );

  // a fixed name shown in the masthead: the committed models.png stays the same run after run
  await logIn(page, user, 'Ada Lovelace');
  for (const [link, name] of USER_PAGES) {
    await go(page, link);
    await check(page, name);
    if (name === 'models') {
      await page.getByRole('link', { name: MODEL, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name: MODEL })).toBeVisible();
      await settled(page);
      await check(page, 'model-details');
    }
  }
});

test("an administrator's pages", async ({ page }) => {
  await logIn(page, 'admin');
  await go(page, 'Administration');
  const sections = page.getByRole('navigation', { name: 'Administration sections' });
  for (const [link, name] of ADMIN_SECTIONS) {
    await sections.getByRole('link', { name: link, exact: true }).click();
    await expect(page.getByRole('heading', { level: 2, name: link })).toBeVisible();
    await settled(page);
    await check(page, name);
  }
});
