// The README's pictures, taken by the browser e2e suite so they show the app as it is:
// `npm run docs:screenshots` writes them into docs/screenshots/ (DOCS_SCREENSHOTS=1); in a plain
// suite run they go to test-results/ and docs/ is left alone.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, openLauncher, row, SCREENSHOTS, test, waitForFreshList } from './fixtures.js';

const OUT =
  process.env.DOCS_SCREENSHOTS === '1'
    ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
    : join(SCREENSHOTS, 'docs');
/** The launcher window's default size (electron/main/windows/window-options.ts). */
const WINDOW = { width: 1240, height: 720 };

async function picture(
  page: Page,
  name: string,
  schemes: readonly ('light' | 'dark')[] = ['light', 'dark'],
): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme });
    // Let the theme's transitions settle before the picture.
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    await page.screenshot({ path: join(OUT, `${name}-${colorScheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test.describe('README pictures', () => {
  test.use({ viewport: WINDOW, worldOptions: { settings: { autoStartComputers: false } } });

  test('the launcher with both windows open, then a stopped computer being set up', async ({
    page,
    world,
  }) => {
    await openLauncher(page, world.host.url);
    await waitForFreshList(page);
    const lab = row(page, 'genomics-lab');
    for (const kind of ['application', 'desktop']) {
      const opened = page.context().waitForEvent('page');
      await lab.getByRole('button', { name: `Open ${kind}` }).click();
      await opened;
    }
    await page.bringToFront();
    await expect(lab.getByRole('button', { name: 'Desktop open' })).toBeVisible();
    await expect(lab.getByTestId('session-time-left')).toBeVisible();
    await expect(lab.getByRole('progressbar')).toHaveCount(0);
    await lab.click({ position: { x: 60, y: 12 } });
    await picture(page, 'launcher-both-windows');

    const gpu = row(page, 'gpu-training');
    await gpu.getByRole('button', { name: 'Open application' }).click();
    await gpu
      .getByRole('group', { name: /is stopped/ })
      .getByRole('button', { name: 'Start and open' })
      .click();
    // The computer starts (4 s), then its session is about half set up (4 s of 8).
    await expect(gpu.getByTestId('state')).toHaveText('Starting…');
    await world.advance(6_000);
    await expect(gpu.getByTestId('state')).toHaveText('Setting up session…');
    await world.advance(4_000);
    await expect(gpu.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /^(?:[4-9]\d)$/);
    await picture(page, 'session-setting-up');
  });

  test('the minimum window: session facts under the name', async ({ page, world }) => {
    await page.setViewportSize({ width: 640, height: 480 });
    await openLauncher(page, world.host.url);
    await waitForFreshList(page);
    const lab = row(page, 'genomics-lab');
    const opened = page.context().waitForEvent('page');
    await lab.getByRole('button', { name: 'Open application' }).click();
    await opened;
    await page.bringToFront();
    await expect(lab.getByRole('button', { name: 'Application open' })).toBeVisible();
    await expect(lab.getByRole('progressbar')).toHaveCount(0);
    await picture(page, 'launcher-640', ['light']);
  });
});
