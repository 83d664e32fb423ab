import {
  expect,
  expectAccessible,
  listedNames,
  openLauncher,
  row,
  shoot,
  test,
  waitForFreshList,
} from './fixtures.js';
import { LISTED, NOT_LISTED } from './world.js';

test('two profiles × two regions list the right computers, without non-research instances', async ({
  app,
}) => {
  await waitForFreshList(app);
  expect((await listedNames(app)).sort()).toEqual([...LISTED].sort());
  for (const name of NOT_LISTED) await expect(row(app, name)).toHaveCount(0);

  // Grouped by profile: each computer under its own profile, with region and profile on the row.
  await expect(app.locator('[role="rowgroup"][data-group="profile:research"] [data-computer]')).toHaveCount(
    4,
  );
  await expect(app.locator('[role="rowgroup"][data-group="profile:teaching"] [data-computer]')).toHaveCount(
    2,
  );
  await expect(row(app, 'class-notebook')).toContainText('eu-west-2');
  await expect(row(app, 'class-notebook')).toContainText('teaching');
  await expect(row(app, 'gpu-training').getByText('Stopped')).toBeVisible();
  await expect(row(app, 'stats-rstudio')).toContainText('RStudio');

  await shoot(app, 'list');
  await expectAccessible(app);

  // Group by region instead.
  await app.getByLabel('Group by').selectOption('region');
  await expect(app.locator('[role="rowgroup"][data-group="region:eu-west-2"] [data-computer]')).toHaveCount(
    2,
  );
  await expect(app.locator('[role="rowgroup"][data-group="region:us-east-2"] [data-computer]')).toHaveCount(
    4,
  );
  await shoot(app, 'list-by-region');
});

test.describe('after a restart', () => {
  const cachedAt = new Date(Date.now() - 3 * 3600_000);
  // A list saved by an earlier run: one computer that has since been deleted, one still there.
  const cached = {
    computers: [
      {
        id: 'research/us-east-2/old-notebook',
        name: 'old-notebook',
        profile: 'research',
        region: 'us-east-2',
        state: 'running' as const,
        app: { id: 'lfr_jupyterlab_1_0', name: 'JupyterLab' },
        plan: { id: 'app_standard_xl_1_0', name: 'Standard XL' },
      },
      {
        id: 'research/us-east-2/genomics-lab',
        name: 'genomics-lab',
        profile: 'research',
        region: 'us-east-2',
        state: 'running' as const,
        app: { id: 'lfr_jupyterlab_1_0', name: 'JupyterLab' },
        plan: { id: 'app_standard_2xl_1_0' },
      },
    ],
    errors: [],
    refreshedAt: cachedAt.toISOString(),
    stale: false,
    refreshing: false,
  };
  test.use({ worldOptions: { cached } });

  test('starts from the last known list, marked stale, then refreshes', async ({ page, world }) => {
    world.sim.faults.inject({ kind: 'latency', latencyMs: 6_000, operation: 'GetInstances' });
    await openLauncher(page, world.host.url);
    const hhmm = `${String(cachedAt.getHours()).padStart(2, '0')}:${String(cachedAt.getMinutes()).padStart(2, '0')}`;
    await expect(row(page, 'old-notebook')).toBeVisible();
    await expect(page.getByRole('status')).toContainText(`Showing the list from ${hhmm}, refreshing…`);
    await shoot(page, 'stale-list');
    await waitForFreshList(page);
    await expect(row(page, 'old-notebook')).toHaveCount(0);
    expect((await listedNames(page)).sort()).toEqual([...LISTED].sort());
  });

  test("the last known list is on screen before the app's script has run, inert until the app takes over", async ({
    page,
    world,
  }) => {
    world.sim.faults.inject({ kind: 'latency', latencyMs: 6_000, operation: 'GetInstances' });
    // Hold the renderer's script back, as a slow disk or a cold start would.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/assets/*.js', async (route) => {
      await held;
      await route.continue();
    });
    // The load event waits for the held script, so only wait for the page to be parsed.
    await page.goto(world.host.url, { waitUntil: 'commit' });
    await expect(row(page, 'old-notebook')).toBeVisible();
    await expect(page.getByRole('status')).toContainText('Showing the list from');
    await expect(page.locator('#app')).toHaveAttribute('inert', '');
    const prerendered = await row(page, 'genomics-lab').elementHandle();
    release();
    await expect(page.locator('#app')).not.toHaveAttribute('inert');
    // The app adopted the frame's DOM (no second drawing of the same list).
    expect(await prerendered!.evaluate((el) => el.isConnected)).toBe(true);
    // The live app: its buttons work (favourite pins the computer on top).
    await row(page, 'genomics-lab').getByRole('button', { name: 'Favourite' }).click();
    await expect(
      page.locator('[role="rowgroup"][data-group="favourites"] [data-computer="genomics-lab"]'),
    ).toBeVisible();
  });
});
