import { expect, type BrowserContext, type Page } from '@playwright/test';
import type { AxeResults, RunOptions } from 'axe-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** What the specs share: logging in through the UI, moving through the nav, the admin API,
 * the accessibility check and the screenshots. */

declare global {
  interface Window {
    axe?: { run: (context: Document, options: RunOptions) => Promise<AxeResults> };
    /** the playground's stream as the page read it, chunk by chunk (see recordChatStreams) */
    chatStream?: string[];
  }
}

const GATEWAY = process.env.LITEMAAS_GATEWAY_URL ?? '';
// evaluated through the DevTools protocol, which the page's CSP (script-src 'self', rightly)
// does not govern: a <script> tag would be refused
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../tests/e2e/screenshots');

/** A username no earlier run has used (each run starts from a fresh user). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' });

/** The development login, typed into the login page as a person would. */
export async function logIn(page: Page, username: string, fullName?: string): Promise<void> {
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Username' }).fill(username);
  if (fullName) await page.getByRole('textbox', { name: 'Full name' }).fill(fullName);
  await page.getByRole('button', { name: 'Log in (development)' }).click();
  await expect(mainNav(page)).toBeVisible();
}

/** Follows a link of the main navigation (the session lives in memory: never `page.goto`). */
export async function go(page: Page, link: string): Promise<void> {
  await mainNav(page).getByRole('link', { name: link, exact: true }).click();
  await settled(page);
}

/** The page's heading is shown and nothing is loading any more. */
export async function settled(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // the spinners (budget bars are progress bars too, named otherwise)
  await expect(page.getByRole('progressbar', { name: 'Loading' })).toHaveCount(0);
}

type Call = (path: string, init?: { method?: string; body?: unknown }) => Promise<Response>;

/** The REST API as `username` (development login), for what a spec arranges or undoes
 * outside the browser. */
export async function apiAs(username: string): Promise<Call> {
  const login = await fetch(`${GATEWAY}/api/v1/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username }),
  });
  expect(login.status, `dev login of ${username}`).toBe(200);
  const { access_token: token } = (await login.json()) as { access_token: string };
  return (apiPath, init = {}) =>
    fetch(`${GATEWAY}/api/v1${apiPath}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
}

/** Waits until the catalog (synced from LiteLLM) lists `models`. */
export async function catalogHas(call: Call, models: string[]): Promise<void> {
  await expect
    .poll(
      async () => {
        const page = (await (await call('/models?page_size=100')).json()) as {
          items?: { id: string }[];
        };
        return models.every((id) => page.items?.some((model) => model.id === id));
      },
      { timeout: 90_000, message: `the catalog lists ${models.join(', ')}` },
    )
    .toBe(true);
}

/** axe-core over the whole document: no serious or critical violation (soft: every page is
 * checked, then the test fails naming each page, rule and element). */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  if (!(await page.evaluate(() => window.axe !== undefined))) {
    await page.evaluate(AXE_SOURCE);
  }
  const serious = await page.evaluate(async () => {
    const axe = window.axe;
    if (!axe) throw new Error('axe-core did not load');
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  });
  expect.soft(serious, `serious accessibility violations on the ${name} page`).toEqual([]);
}

/** A full-page screenshot under tests/e2e/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({
    path: path.join(SCREENSHOTS, `${name}.png`),
    fullPage: true,
    animations: 'disabled',
  });
}

/**
 * Keeps a copy of each playground answer's stream as the page reads it (`window.chatStream`):
 * the DevTools protocol does not reliably keep the body of a streamed response. The page gets
 * the other branch of a tee, so it streams exactly as before.
 */
export async function recordChatStreams(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const original = window.fetch.bind(window);
    window.fetch = async (input, init) => {
      const response = await original(input, init);
      const url = input instanceof Request ? input.url : String(input);
      if (!url.endsWith('/api/v1/playground/chat') || !response.body) return response;
      const [forPage, copy] = response.body.tee();
      const chunks: string[] = [];
      window.chatStream = chunks;
      void (async () => {
        const reader = copy.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          chunks.push(value);
        }
      })();
      return new Response(forPage, response);
    };
  });
}
