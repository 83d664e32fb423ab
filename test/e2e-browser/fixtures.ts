// Playwright fixtures: a fresh world per test, the launcher page open on it, plus helpers to
// look at (screenshots, light and dark) and to check accessibility (axe).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { FIRST_FRAME_ATTRIBUTE } from '../../electron/shared/first-frame.js';
import { startWorld, type World, type WorldOptions } from './world.js';

export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

interface Fixtures {
  worldOptions: WorldOptions;
  world: World;
  /** The launcher page, loaded and showing its list. */
  app: Page;
}

export const test = base.extend<Fixtures>({
  worldOptions: [{}, { option: true }],
  world: async ({ context, worldOptions }, use, testInfo) => {
    const world = await startWorld(context, worldOptions);
    await use(world);
    if (testInfo.status !== testInfo.expectedStatus) {
      const { list, progress, windows } = world.launcher.snapshot();
      await testInfo.attach('launcher-snapshot', {
        body: JSON.stringify(
          {
            list: { ...list, computers: list.computers.map((c) => `${c.id} ${c.state}`) },
            progress,
            windows,
          },
          null,
          2,
        ),
        contentType: 'application/json',
      });
    }
    await world.close();
  },
  app: async ({ page, world }, use) => {
    await openLauncher(page, world.host.url);
    await use(page);
  },
});

export { expect };

/**
 * Load the launcher and wait for the live app: a cached list first shows as an inert prerendered
 * frame, which the app replaces once its script has run.
 */
export async function openLauncher(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator(`#app:not([${FIRST_FRAME_ATTRIBUTE}])`).waitFor({ state: 'attached' });
}

/** The row of a computer by name. */
export function row(page: Page, name: string): Locator {
  return page.locator(`[role="row"][data-computer="${name}"]`);
}

/** Names of the listed computers, in display order. */
export async function listedNames(page: Page): Promise<string[]> {
  return page
    .locator('[role="row"][data-computer]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-computer') ?? ''));
}

/** Wait until the fresh list (not the cached one) is shown. */
export async function waitForFreshList(page: Page): Promise<void> {
  await expect(page.getByRole('status')).toContainText(/Updated \d\d:\d\d/, { timeout: 30_000 });
}

/** Save light and dark screenshots of the page as it is now. */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${colorScheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Axe finds no serious or critical violations, in light and dark. */
export async function expectAccessible(page: Page): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const result = await new AxeBuilder({ page }).analyze();
    const bad = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${colorScheme}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      );
    expect(bad, bad.join('\n')).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
