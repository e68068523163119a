import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in Debian's Chromium against a running stack's gateway (which serves the
 * built UI): `tests/e2e/test_browser.py` runs them with LITEMAAS_GATEWAY_URL set. Playwright
 * never downloads a browser here: it drives /usr/bin/chromium (scripts/browser installs it).
 */
const gateway = process.env.LITEMAAS_GATEWAY_URL;
if (!gateway) throw new Error('LITEMAAS_GATEWAY_URL must name a running gateway');

export default defineConfig({
  testDir: 'e2e',
  // one browser, one page at a time: the specs share one stack and a 2-core machine
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  timeout: 90_000,
  globalTimeout: 8 * 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: process.env.LITEMAAS_E2E_OUTPUT ?? 'test-results',
  use: {
    baseURL: gateway,
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    // no traces, videos or failure screenshots: they would keep the API keys the journey shows
    trace: 'off',
    video: 'off',
    screenshot: 'off',
    launchOptions: {
      executablePath: process.env.LITEMAAS_CHROMIUM ?? '/usr/bin/chromium',
      // without the background-networking flags Chromium's own connections (updates, sync,
      // QUIC probes) are refused by a closed network and slow every start
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
