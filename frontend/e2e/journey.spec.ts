import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { apiAs, catalogHas, go, logIn, recordChatStreams, uniqueName } from './support';

/**
 * The user journey, done entirely through the UI: log in, subscribe to an open and a restricted
 * model, an administrator approves in the admin pages, one key for both, copied, used in the
 * playground with a streamed answer, rotated, revoked. One user, steps in order.
 */

const OPEN = 'mock-gpt';
const RESTRICTED = 'mock-claude';
const KEY = 'journey key';

test.describe.configure({ mode: 'serial' });

const user = uniqueName('e2e-journey');
let context: BrowserContext;
let page: Page;
let admin: Awaited<ReturnType<typeof apiAs>>;
/** the key's secret as first shown (compared, never printed) */
let secret = '';
/** the rotated key's prefix, as listed */
let freshPrefix = '';

const row = (text: string) => page.getByRole('row').filter({ hasText: text });

test.beforeAll(async ({ browser }) => {
  admin = await apiAs('admin');
  await catalogHas(admin, [OPEN, RESTRICTED]);
  const restricted = await admin(`/admin/models/${RESTRICTED}`, {
    method: 'PATCH',
    body: { restricted: true },
  });
  expect(restricted.status).toBe(200);
  // the secret is copied with the page's own button, then read back from the clipboard
  context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  await recordChatStreams(context);
  page = await context.newPage();
});

test.afterAll(async () => {
  await admin(`/admin/models/${RESTRICTED}`, { method: 'PATCH', body: { restricted: false } });
  await context.close();
});

test('a new user logs in and subscribes to an open and a restricted model', async () => {
  await logIn(page, user);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome, ${user}`);
  await go(page, 'Models');

  await page.getByRole('button', { name: `Subscribe to ${OPEN}` }).click();
  await expect(page.getByText(`You are subscribed to ${OPEN}.`)).toBeVisible();
  const restricted = page.getByRole('button', { name: `Request access to ${RESTRICTED}` });
  await expect(restricted).toHaveText('Request access');
  await restricted.click();
  await expect(page.getByText(`Your subscription to ${RESTRICTED} waits for`)).toBeVisible();

  await go(page, 'Subscriptions');
  await expect(row(OPEN)).toContainText('Active');
  await expect(row(RESTRICTED)).toContainText('Pending approval');
});

test('an administrator approves the restricted subscription in the admin pages', async ({
  browser,
}) => {
  const adminContext = await browser.newContext();
  try {
    const adminPage = await adminContext.newPage();
    await logIn(adminPage, 'admin');
    await go(adminPage, 'Administration');
    await adminPage
      .getByRole('navigation', { name: 'Administration sections' })
      .getByRole('link', { name: 'Approvals' })
      .click();
    // the newest requests come first: this user's is on the first page
    await adminPage
      .getByRole('button', { name: `Approve the subscription of ${user} to ${RESTRICTED}` })
      .click();
    await expect(adminPage.getByText('Subscriptions approved: 1')).toBeVisible();
  } finally {
    await adminContext.close();
  }

  await go(page, 'Models'); // the subscriptions page asks again when it is opened again
  await go(page, 'Subscriptions');
  await expect(row(RESTRICTED)).toContainText('Active');
});

test('the user creates one key for both models and copies it', async () => {
  await go(page, 'API keys');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const form = page.getByRole('dialog', { name: 'Create an API key' });
  await form.getByRole('textbox', { name: 'Name' }).fill(KEY);
  await form.getByRole('checkbox', { name: OPEN }).check();
  await form.getByRole('checkbox', { name: RESTRICTED }).check();

  // the approval reaches the keys service through Kafka: until then the key is refused (403)
  const secretDialog = page.getByRole('dialog', { name: `Your new key “${KEY}”` });
  await expect(async () => {
    if (!(await secretDialog.isVisible())) {
      await form.getByRole('button', { name: 'Create API key' }).click();
    }
    await expect(secretDialog).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 60_000 });

  await expect(secretDialog.getByText('This is the only time the key is shown')).toBeVisible();
  const shown = await secretDialog.getByRole('textbox', { name: 'The new API key' }).inputValue();
  await secretDialog.getByRole('button', { name: 'Copy to clipboard' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  // compared without printing: the secret stays out of the test's output
  expect(shown.startsWith('sk-'), 'the dialog shows a LiteLLM key').toBe(true);
  expect(copied === shown, 'the clipboard holds the key the dialog shows').toBe(true);
  secret = shown;
  // straight from the dialog to the playground, with this key chosen
  await secretDialog.getByRole('link', { name: 'Use in playground' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Playground' })).toBeVisible();
});

test('the key answers in the playground, streamed token by token', async () => {
  await expect(page.getByRole('combobox', { name: 'API key' })).toContainText(KEY);
  // the secret created in this tab is used from memory: nothing to paste
  await expect(page.getByText('This tab holds this key’s secret')).toBeVisible();
  await page.getByRole('combobox', { name: 'Model' }).selectOption(RESTRICTED);
  // the new key reaches LiteLLM through Kafka: until it has, LiteLLM refuses it (as a person
  // would, ask again in a new conversation)
  await expect(async () => {
    await page.getByRole('button', { name: 'New conversation' }).click();
    await page.getByRole('textbox', { name: 'Your message' }).fill('Say hello');
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/playground/chat'));
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const response = await answered;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('text/event-stream');
  }).toPass({ timeout: 60_000 });

  const conversation = page.getByRole('region', { name: 'Conversation' });
  await expect(conversation).toContainText('Say hello');
  await expect(conversation).toContainText('Hello from the mock claude model');
  await expect(conversation).toContainText('completion tokens');
  // the answer came as several token events, as the model wrote it
  const stream = (await page.evaluate(() => window.chatStream ?? [])).join('');
  expect(stream.match(/^event: token\r?$/gm)?.length ?? 0).toBeGreaterThan(1);
});

test('the user rotates the key: a new secret, the old one works on for an hour', async () => {
  await go(page, 'API keys');
  await expect(row(KEY)).toContainText('Active');
  await expect(row(KEY)).toContainText(OPEN);
  await expect(row(KEY)).toContainText(RESTRICTED);
  await page.getByRole('button', { name: `Rotate the key ${KEY}` }).click();
  const rotate = page.getByRole('dialog', { name: `Rotate the key “${KEY}”?` });
  await rotate.getByRole('radio', { name: 'For 1 hour' }).check();
  await rotate.getByRole('button', { name: 'Rotate' }).click();

  const secretDialog = page.getByRole('dialog', { name: `The new secret of “${KEY}”` });
  const rotated = await secretDialog.getByRole('textbox', { name: 'The new API key' }).inputValue();
  expect(rotated.startsWith('sk-') && rotated !== secret, 'a new secret').toBe(true);
  await secretDialog.getByRole('button', { name: 'I have copied the key' }).click();
  await expect(secretDialog).toBeHidden();

  // a new key under the same name, listed by its secret's first characters; the old one works
  // on for the overlap
  await expect(row(KEY)).toHaveCount(2);
  const prefixes = (await row(KEY).getByRole('code').allInnerTexts()).map((p) =>
    p.replace('…', ''),
  );
  const fresh = prefixes.find((p) => rotated.startsWith(p)) ?? 'none';
  expect(
    prefixes.filter((p) => secret.startsWith(p)),
    'the old key is listed',
  ).toHaveLength(1);
  await expect(row(KEY).filter({ hasText: fresh })).toContainText('Active');
  await expect(row(KEY).filter({ hasNotText: fresh })).toContainText('Stops on');
  freshPrefix = fresh;
});

test('the user revokes the rotated key', async () => {
  const fresh = row(KEY).filter({ hasText: freshPrefix });
  await fresh.getByRole('button', { name: `Revoke the key ${KEY}` }).click();
  const confirm = page.getByRole('dialog', { name: 'Revoke this key?' });
  await confirm.getByRole('button', { name: 'Revoke' }).click();
  await expect(confirm).toBeHidden();
  await expect(fresh).toContainText('Revoked or expired');
  await expect(fresh.getByRole('button', { name: `Revoke the key ${KEY}` })).toHaveCount(0);
});
