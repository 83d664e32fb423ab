// The launcher at every width a user gives it, from the minimum window (640 × 480) to a full
// screen: every row action stays reachable by mouse and by keyboard, and a session near its end
// shows its time left and Keep going. Below the breakpoint content moves; it never disappears.
import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible, openLauncher, row, shoot, test, waitForFreshList } from './fixtures.js';
import type { World } from './world.js';

const MIN = 60_000;
/** The widths the issue names: the minimum, a small laptop, the old default and a wide screen. */
const WIDTHS = [640, 800, 960, 1400] as const;

test.use({ worldOptions: { settings: { keepSessionsAlive: false } } });

/** A session on genomics-lab with both windows open and five minutes or less left. */
async function sessionNearItsEnd(page: Page, world: World): Promise<Locator> {
  await page.clock.install();
  await openLauncher(page, world.host.url);
  await waitForFreshList(page);
  const r = row(page, 'genomics-lab');
  for (const kind of ['application', 'desktop']) {
    const opened = page.context().waitForEvent('page');
    await r.getByRole('button', { name: `Open ${kind}` }).click();
    await opened;
  }
  await expect(r.getByRole('button', { name: 'Desktop open' })).toBeVisible();
  await page.bringToFront();
  // Most of the hour at once (the layout, not the lifetime's steps, is what is checked here).
  await world.jump(55.5 * MIN);
  await page.clock.fastForward(55.5 * MIN);
  await expect(r.getByTestId('session-time-left')).toContainText(/^(about )?4 min left/);
  return r;
}

/** The control is on screen and a click at its centre reaches it (not clipped, not covered). */
async function expectClickable(page: Page, control: Locator): Promise<void> {
  await control.scrollIntoViewIfNeeded();
  await expect(control).toBeInViewport({ ratio: 1 });
  const hit = await control.evaluate((el) => {
    const b = el.getBoundingClientRect();
    const at = el.ownerDocument.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
    return !!at && (el === at || el.contains(at));
  });
  expect(
    hit,
    `${(await control.getAttribute('aria-label')) ?? (await control.textContent())} is covered`,
  ).toBe(true);
}

/** Accessible names of the row's controls the keyboard reaches, in Tab order, each on screen. */
async function tabThrough(page: Page, r: Locator): Promise<string[]> {
  await page.getByRole('grid', { name: 'Virtual computers' }).focus();
  const names: string[] = [];
  for (let i = 0; i < 24; i++) {
    await page.keyboard.press('Tab');
    const inRow = await r.evaluate((el) => el.contains(el.ownerDocument.activeElement));
    // The selected row's group menu comes first; the walk ends once it leaves the row.
    if (!inRow && names.length) break;
    if (!inRow) continue;
    const focused = page.locator(':focus');
    await expect(focused).toBeInViewport();
    names.push(await focused.evaluate((el) => el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''));
  }
  return names;
}

for (const width of WIDTHS) {
  test(`at ${width} px every row action is reachable and the session's end shows`, async ({
    page,
    world,
  }) => {
    await page.setViewportSize({ width, height: width === 640 ? 480 : 760 });
    const r = await sessionNearItsEnd(page, world);
    // Select the row so its controls join the Tab order (the grid keeps one row's controls in it).
    await r.click({ position: { x: 60, y: 12 } });

    // The session's facts: the open windows, the time left, Keep going and the idle rule.
    for (const c of [
      r.getByRole('button', { name: 'Application open' }),
      r.getByRole('button', { name: 'Desktop open' }),
      r.getByRole('button', { name: 'Keep going' }),
      r.getByRole('button', { name: /idle stop/i }),
      r.getByRole('button', { name: 'Favourite' }),
      r.getByRole('button', { name: 'Show application' }),
      r.getByRole('button', { name: 'Show desktop' }),
      r.getByRole('button', { name: 'More for genomics-lab' }),
    ]) {
      await expectClickable(page, c);
    }
    await expect(r.getByTestId('session-time-left')).toBeInViewport();

    // Start/Stop computer and Stop session: on the row, or in its "…" menu when the window is narrow.
    const folded = width < 880;
    for (const name of ['Stop computer', 'Stop session']) {
      if (!folded) {
        await expectClickable(page, r.getByRole('button', { name }));
        continue;
      }
      await expect(r.getByRole('button', { name })).toBeHidden();
      await r.getByRole('button', { name: 'More for genomics-lab' }).click();
      const item = page.getByRole('menu', { name: 'genomics-lab' }).getByRole('menuitem', { name });
      await expectClickable(page, item);
      await page.keyboard.press('Escape');
    }

    // The toolbar: everything on screen or behind "View options".
    for (const name of ['Refresh list', 'Settings'])
      await expectClickable(page, page.getByRole('button', { name }));
    if (width < 900) {
      await page.getByRole('button', { name: 'View options' }).click();
    }
    await expectClickable(page, page.getByLabel('Filter by state'));
    await expectClickable(page, page.getByLabel('Group by'));
    if (width < 900) await page.keyboard.press('Escape');

    // By keyboard: Tab from the list walks through every control of the selected row.
    const names = await tabThrough(page, r);
    const expected = [
      'Favourite',
      'Application open',
      'Desktop open',
      'Keep going',
      'Show application',
      'Show desktop',
      'More for genomics-lab',
    ];
    for (const n of expected) expect(names, names.join(' | ')).toContain(n);
    if (!folded) for (const n of ['Stop computer', 'Stop session']) expect(names.join(' | ')).toContain(n);
    expect(
      names.some((n) => /idle stop/i.test(n)),
      names.join(' | '),
    ).toBe(true);
    if (folded) {
      // The folded actions are menu items the keyboard reaches: Enter opens the menu, arrows move.
      await r.getByRole('button', { name: 'More for genomics-lab' }).focus();
      await page.keyboard.press('Enter');
      const menu = page.getByRole('menu', { name: 'genomics-lab' });
      await expect(menu.getByRole('menuitem', { name: 'Stop computer' })).toBeFocused();
      await page.keyboard.press('ArrowDown');
      await expect(menu.getByRole('menuitem', { name: 'Stop session' })).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(menu).toBeHidden();
    }

    await shoot(page, `width-${width}`);
    await expectAccessible(page);
  });
}
