import { defineConfig } from '@playwright/test';

// Debian Chromium, headless; never a downloaded browser (no `npx playwright install`).
// CHROMIUM_PATH names another installed Chromium or Chrome (the CI runners' Google Chrome).
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  outputDir: '../../test-results/e2e-browser',
  fullyParallel: false,
  // Two spec files at a time: each world has its own simulator and host on free ports, and its
  // own clock, so neither waits on the other's time (8.2 → 5.5-6.0 min on the shared 2-core box).
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: '../../test-results/e2e-browser.json' }]],
  use: {
    headless: true,
    viewport: { width: 1100, height: 720 },
    colorScheme: 'light',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
