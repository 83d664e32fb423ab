// Session lifetime, warm start, month-to-date cost and idle-stop rules, as a user sees them:
// the real renderer and core over the simulator, with virtual time moved forward by the test
// (the simulator's clock, the launcher's and the page's together).
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { makeComputerId } from '../../electron/shared/computer-id.js';
import { IDLE_RULE_WARNING } from '../../electron/shared/lifetime.js';
import { expect, openLauncher, row, SCREENSHOTS, test, waitForFreshList } from './fixtures.js';
import type { World } from './world.js';

const MIN = 60_000;
const RSTUDIO = makeComputerId({ profile: 'research', region: 'us-east-2', name: 'stats-rstudio' });

/** Open the launcher on a page whose clock the test moves with the world's. */
async function launch(page: Page, world: World): Promise<void> {
  await page.clock.install();
  await openLauncher(page, world.host.url);
  await waitForFreshList(page);
}

async function advance(page: Page, world: World, ms: number): Promise<void> {
  await world.advance(ms);
  await page.clock.fastForward(ms);
}

test.describe('without keep-going', () => {
  test.use({ worldOptions: { settings: { keepSessionsAlive: false } } });

  test('the time left counts down, warns five minutes before the end, and Keep going is trusted only as far as the status shows', async ({
    page,
    world,
    context,
  }) => {
    await launch(page, world);
    const r = row(page, 'genomics-lab');
    // Opening it tells the launcher the session is started; whether it saw the start decides "about".
    const opened = context.waitForEvent('page');
    await r.getByRole('button', { name: 'Open application' }).click();
    await opened;
    await expect(r.getByTestId('session-time-left')).toHaveText(/^(about )?(59|60) min left\s*$/);
    await expect(r.getByRole('button', { name: 'Keep going' })).toHaveCount(0);

    await advance(page, world, 55 * MIN);
    await expect
      .poll(() => world.notifications.map((n) => n.title).join('\n'))
      .toMatch(/The session on genomics-lab ends in (about )?5 minutes/);
    await expect(r.getByTestId('session-time-left')).toContainText(/^(about )?4 min left/);

    const before = world.sim.calls({ operation: 'StartGUISession' });
    await r.getByRole('button', { name: 'Keep going' }).click();
    await expect.poll(() => world.sim.calls({ operation: 'StartGUISession' })).toBe(before + 1);
    // The simulator's status stays "started": no new hour is claimed until the presumed end has
    // passed with the session still started; from then on its hour is "about".
    await advance(page, world, 6 * MIN);
    await expect(r.getByTestId('session-time-left')).toHaveText(/^about 5\d min left/);
  });
});

// No document says what StartGUISession does to a session that is still started, so the
// launcher trusts a renewal only when the status confirms it (session-lifetime.ts). The simulator
// answers as the service may: the status stays "started". Then the user is warned once, in time
// to save, and past the presumed end the session is seen to go on.
test('a session with its window open is renewed before its end; a renewal the status cannot confirm warns once, and the session goes on', async ({
  page,
  world,
  context,
}) => {
  await launch(page, world);
  const r = row(page, 'genomics-lab');
  const opened = context.waitForEvent('page');
  await r.getByRole('button', { name: 'Open application' }).click();
  const win = await opened;
  await expect(r.getByRole('button', { name: /Application open/ })).toBeVisible();

  const before = world.sim.calls({ operation: 'StartGUISession' });
  const warnings = () => world.notifications.filter((n) => n.title.includes('ends in')).map((n) => n.title);
  // At five minutes before the end nothing is said: the renewal is still to come.
  await advance(page, world, 56 * MIN);
  expect(warnings()).toEqual([]);
  // Two minutes before the end the renewal goes out; unconfirmed, it warns once.
  await advance(page, world, 2.5 * MIN);
  await expect.poll(() => world.sim.calls({ operation: 'StartGUISession' })).toBe(before + 1);
  await expect
    .poll(warnings)
    .toEqual([expect.stringMatching(/^The session on genomics-lab ends in (about )?[12] minutes?$/)]);
  // Still started past the presumed end: the session went on, its new hour presumed ("about").
  await advance(page, world, 2 * MIN);
  await expect(r.getByTestId('session-time-left')).toHaveText(/^about 5\d min left/);
  expect(warnings()).toHaveLength(1);
  expect(win.isClosed()).toBe(false);
});

test.describe('warm start', () => {
  test.use({ worldOptions: { settings: { favourites: [RSTUDIO], warmStart: [RSTUDIO] } } });

  test('a warm-start favourite opens without setup progress', async ({ page, world, context }) => {
    await launch(page, world);
    // Prepared in the background while time passes: the simulator's session is started before anyone asks.
    await expect
      .poll(
        async () => {
          await advance(page, world, 2_000);
          return world.sim.computer('us-east-2', 'stats-rstudio')?.session.status;
        },
        { timeout: 30_000 },
      )
      .toBe('started');
    const r = row(page, 'stats-rstudio');
    // …and the launcher knows it (its preparation ended), as the row says: only then is Open instant.
    // Its polls sleep on the world's clock, which moves only when the test moves it.
    await expect
      .poll(
        async () => {
          await advance(page, world, 2_000);
          return r.getByText('Session running').count();
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    // What the user sees is the window and no setup progress; how fast it came is measured
    // (the annotation, and test/bench/warm-start.bench.ts), never raced against a timer.
    const opened = context.waitForEvent('page');
    const t0 = Date.now();
    await r.getByRole('button', { name: 'Open application' }).click();
    await opened;
    const ms = Date.now() - t0;
    await expect(r.getByRole('button', { name: /Application open/ })).toBeVisible();
    expect(await r.getByRole('progressbar').count()).toBe(0);
    test.info().annotations.push({ type: 'warm open (click → window), ms', description: String(ms) });
  });
});

test.describe('cost', () => {
  test.use({ worldOptions: { settings: { budgets: { research: 1 } } } });

  test('month-to-date costs on rows, per profile with the budget mark, and in all', async ({
    page,
    world,
  }) => {
    await launch(page, world);
    // Ten hours of running later (past the launcher's hour-long cost cache), asked for now.
    await advance(page, world, 10 * 60 * MIN);
    await page.getByRole('button', { name: 'Refresh list' }).click();

    const cost = row(page, 'genomics-lab').getByTestId('cost');
    await expect(cost).toHaveText(/^\$\d+\.\d\d/);
    expect(await cost.textContent()).not.toMatch(/^\$0\.00/);
    const research = page.locator('[data-group="profile:research"] .group-head');
    await expect(research.getByTestId('cost')).toContainText('of $1.00');
    await expect(research.getByRole('img', { name: 'over budget' })).toBeVisible();
    await expect(
      page.locator('[data-group="profile:teaching"] .group-head').getByRole('img', { name: 'over budget' }),
    ).toHaveCount(0);
    await expect(page.getByRole('status')).toContainText(/\$\d+\.\d\d in all this month/);
    await expect.poll(() => world.notifications.map((n) => n.title).join('\n')).toMatch(/research/);
  });
});

test('an idle rule is edited on the row, and the computer stops itself through it', async ({
  page,
  world,
  context,
}) => {
  await launch(page, world);
  const r = row(page, 'genomics-lab');
  // With its session open, so the row shows its time left too (for the screenshot).
  const opened = context.waitForEvent('page');
  await r.getByRole('button', { name: 'Open application' }).click();
  await opened;
  await expect(r.getByTestId('session-time-left')).toBeVisible();
  await expect(r.getByTestId('cost')).toHaveText(/^\$\d+\.\d\d/);
  await r.getByRole('button', { name: 'No idle stop' }).click();
  const editor = r.getByRole('form', { name: 'Stop genomics-lab when idle' });
  await expect(editor).toContainText(IDLE_RULE_WARNING);
  await editor.getByLabel('CPU threshold (%)').fill('10');
  await editor.getByLabel('Duration (minutes)').fill('5');
  await page.setViewportSize({ width: 1100, height: 420 });
  await r.screenshot({ path: join(SCREENSHOTS, 'cost-row-rule-editor.png') });
  await editor.getByRole('button', { name: 'Save rule' }).click();
  await expect(editor).toHaveCount(0);
  await expect(r.getByRole('button', { name: 'Idle stop 10% · 5 min' })).toBeVisible();
  expect(world.sim.computer('us-east-2', 'genomics-lab')?.idleRule).toEqual({
    thresholdPercent: 10,
    durationMinutes: 5,
  });

  const cpu = await fetch(`${world.sim.endpoint}/__sim/cpu`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ region: 'us-east-2', name: 'genomics-lab', percent: 3 }),
  });
  expect(cpu.status).toBe(200);
  await advance(page, world, 6 * MIN);
  await page.getByRole('button', { name: 'Refresh list' }).click();
  await expect(r.locator('.state')).toHaveText('Stopped');
  await expect(r).toContainText('Stopped by its idle rule');
});

test('Stop session warns once that unsaved work is lost; "Don\'t ask again" turns the warning off', async ({
  page,
  world,
  context,
}) => {
  await launch(page, world);
  const r = row(page, 'genomics-lab');
  const opened = context.waitForEvent('page');
  await r.getByRole('button', { name: 'Open application' }).click();
  const win = await opened;
  await r.getByRole('button', { name: 'Stop session' }).click();
  const ask = r.getByRole('alertdialog', { name: 'Stop the session on genomics-lab?' });
  await expect(ask).toContainText('unsaved data in it will be lost');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toHaveCount(0);
  expect(win.isClosed()).toBe(false);

  await r.getByRole('button', { name: 'Stop session' }).click();
  await ask.getByRole('checkbox', { name: "Don't ask again" }).check();
  await ask.getByRole('button', { name: 'Stop session' }).click();
  await expect.poll(() => win.isClosed()).toBe(true);
  await expect.poll(() => world.settings.get().warnBeforeStop).toBe(false);
  // The setting is in Settings, off now.
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(
    page.getByRole('dialog', { name: 'Settings' }).getByLabel(/Warn before Stop session/),
  ).not.toBeChecked();
});
