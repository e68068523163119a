import { expect, test } from '@playwright/test';
import { apiAs, go, logIn, mainNav, uniqueName } from './support';

test('a deactivated user is sent to the login page at once or on the next click', async ({
  page,
}) => {
  const user = uniqueName('e2e-deactivated');
  await logIn(page, user);
  await go(page, 'Models');

  const admin = await apiAs('admin');
  const found = (await (await admin(`/admin/users?search=${user}`)).json()) as {
    items: { id: string; username: string }[];
  };
  const id = found.items.find((u) => u.username === user)?.id ?? '';
  const deactivated = await admin(`/admin/users/${id}/deactivate`, {
    method: 'POST',
    body: { reason: 'browser test: deactivation ends the session' },
  });
  expect(deactivated.status).toBe(200);

  // a call the page makes meanwhile may meet the ended session first and send the user to the
  // login page before the click (the link is then gone: seen once); otherwise the click's does
  const apiKeys = mainNav(page).getByRole('link', { name: 'API keys', exact: true });
  await apiKeys.click({ timeout: 5_000 }).catch(() => undefined);
  await expect(page.getByRole('heading', { name: 'Log in to LiteMaaS' })).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  await expect(mainNav(page)).toHaveCount(0);

  // and logging in again is refused, with the reason shown
  await page.getByRole('textbox', { name: 'Username' }).fill(user);
  await page.getByRole('button', { name: 'Log in (development)' }).click();
  await expect(page.getByText('Login failed')).toBeVisible();
  await expect(page.getByText('deactivated')).toBeVisible();
});
