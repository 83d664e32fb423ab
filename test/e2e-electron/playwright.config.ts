import { defineConfig } from '@playwright/test';

// The Electron end-to-end suite (Playwright's _electron launcher, against the demo simulator).
// It needs a real Electron binary; on machines installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1
// every test reports "skipped: no Electron binary".
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../test-results/e2e-electron',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['json', { outputFile: '../../test-results/e2e-electron.json' }]],
  use: { trace: 'retain-on-failure' },
});
