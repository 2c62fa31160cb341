import { defineConfig } from '@playwright/test'

/**
 * End-to-end tests against a REAL running ESAP (Django serving the built SPA and the API).
 * Nothing is started here: the caller starts the server and points E2E_BASE_URL at it.
 *   E2E_BASE_URL        default http://127.0.0.1:28000
 *   E2E_CHROMIUM_PATH   default /usr/bin/chromium (Debian package; no browser download)
 *   PLAYWRIGHT_JSON_OUTPUT_FILE or PLAYWRIGHT_JSON_OUTPUT_NAME
 *                       where the JSON report goes (default test-results/e2e.json)
 */
const baseURL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:28000'

export default defineConfig({
  testDir: './e2e',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  retries: 0,
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  // Not test-results/ itself: Playwright empties outputDir, which also holds vitest.json.
  outputDir: 'test-results/e2e-artifacts',
  // Playwright lets PLAYWRIGHT_JSON_OUTPUT_FILE override outputFile, but not ..._OUTPUT_NAME: honour both.
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/e2e.json' }]],
  use: {
    baseURL,
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    acceptDownloads: true,
    viewport: { width: 1440, height: 1000 },
    launchOptions: {
      executablePath: process.env.E2E_CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
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
  projects: [{ name: 'debian-chromium', use: { browserName: 'chromium' } }],
})
