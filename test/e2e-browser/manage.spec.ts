// Creating a computer, "Snapshot, then stop", and the CPU sparkline with the idle-rule preview,
// as a user sees them: the real renderer and core over the simulator, virtual time moved by the
// test (the simulator's clock and the launcher's together).
import {
  CreateInstanceSnapshotCommand,
  GetInstanceSnapshotsCommand,
  LightsailClient,
} from '@aws-sdk/client-lightsail';
import { MANAGE_TIMINGS, TEST_CREDENTIALS } from '../../electron/simulator/index.js';
import { expect, openLauncher, row, test, waitForFreshList } from './fixtures.js';
import type { World } from './world.js';

/**
 * How many times CPU figures were asked for one computer: a harmless fault (no delay) counts
 * them, while the other rows on screen fetch their own sparklines.
 */
function metricCalls(world: World, computer: string): () => number {
  const probe = world.sim.faults.inject({
    kind: 'latency',
    latencyMs: 0,
    operation: 'GetInstanceMetricData',
    computer,
  });
  return () => world.sim.faults.list().find((f) => f.id === probe)?.hits ?? 0;
}

test.describe('with no computers yet', () => {
  test.use({ worldOptions: { research: [], teaching: [] } });

  test('a computer is created from the empty state, runs, and opens its application session', async ({
    page,
    world,
    context,
  }) => {
    await openLauncher(page, world.host.url);
    await waitForFreshList(page);
    await page
      .getByRole('region', { name: 'No virtual computers in the chosen regions' })
      .getByRole('button', { name: 'New computer' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'New computer' });
    await expect(dialog.getByLabel('Plan')).toContainText('$30.16/month');
    await dialog.getByLabel('Application').selectOption({ label: 'RStudio' });
    await dialog.getByLabel('Name').fill('my lab');
    await expect(dialog).toContainText('cannot be a computer name');
    await expect(dialog.getByRole('button', { name: 'Create computer' })).toBeDisabled();
    await dialog.getByLabel('Name').fill('my-lab');
    await dialog.getByRole('button', { name: 'Create computer' }).click();
    await expect(dialog.getByTestId('create-progress')).toContainText('Creating my-lab: pending');
    await expect(row(page, 'my-lab')).toBeVisible();
    // Boot time passes on the simulator's clock; the launcher's follow-up polls wake with it.
    await expect
      .poll(async () => {
        await world.advance(5_000);
        return dialog.getByTestId('create-progress').textContent();
      })
      .toContain('my-lab is running.');
    expect(world.sim.computer('us-east-2', 'my-lab')).toMatchObject({
      blueprintId: 'lfr_rstudio_1_0',
      state: 'running',
    });

    const opened = context.waitForEvent('page');
    await dialog.getByRole('button', { name: 'Open application' }).click();
    await expect
      .poll(async () => {
        await world.advance(10_000);
        return world.sim.computer('us-east-2', 'my-lab')?.session.status;
      })
      .toBe('started');
    const win = await opened;
    await expect(win.locator('#dcv')).toHaveAttribute('data-computer', 'my-lab');
  });
});

test.describe('with computers', () => {
  test('"Snapshot, then stop" takes the snapshot and stops the computer once it is complete', async ({
    page,
    world,
  }) => {
    await openLauncher(page, world.host.url);
    await waitForFreshList(page);
    const r = row(page, 'stats-rstudio');
    await r.getByRole('button', { name: 'Stop computer' }).click();
    await r.getByRole('button', { name: 'Snapshot, then stop' }).click();
    const panel = page.getByRole('dialog', { name: 'Snapshots of stats-rstudio' });
    await expect(panel.getByTestId('snapshot')).toContainText(/pending/);
    expect(world.sim.calls({ operation: 'StopInstance' })).toBe(0);
    await expect
      .poll(async () => {
        await world.advance(30_000);
        return world.sim.computer('us-east-2', 'stats-rstudio')?.state;
      })
      .toMatch(/stopping|stopped/);
    await panel.getByRole('button', { name: 'Close' }).click();
    await expect
      .poll(async () => {
        await world.advance(10_000);
        return r.getByText('Stopped', { exact: true }).count();
      })
      .toBe(1);
  });

  test('the idle-rule editor shows the day\u2019s CPU and what the rule would have done', async ({
    page,
    world,
  }) => {
    // Idle all day but for two busy hours in every six.
    world.sim.setCpuProfile(
      'us-east-2',
      'stats-rstudio',
      Array.from({ length: 24 }, (_, h) => (h % 6 < 2 ? 60 : 1)),
    );
    const asked = metricCalls(world, 'stats-rstudio');
    await openLauncher(page, world.host.url);
    await waitForFreshList(page);
    const r = row(page, 'stats-rstudio');
    // The row's own sparkline fetched the figures: the editor shows them without another call.
    await expect(r.getByTestId('row-cpu').getByRole('img')).toBeVisible();
    expect(asked()).toBe(1);
    await r.getByRole('button', { name: 'No idle stop' }).click();
    const editor = r.getByRole('form', { name: 'Stop stats-rstudio when idle' });
    await expect(editor.getByTestId('cpu-sparkline').getByRole('img')).toHaveAttribute(
      'aria-label',
      'CPU over the last 24 hours, highest 60 %',
    );
    await expect(editor.getByTestId('rule-preview')).toHaveText(
      /^Over the last 24 hours this rule would have stopped it (3|4|5) times, after \d\d?:\d\d( [AP]M)?, /,
    );
    // A threshold under the idle load: the rule would never have fired.
    await editor.getByLabel('CPU threshold (%)').fill('1');
    await expect(editor.getByTestId('rule-preview')).toHaveText(
      'Over the last 24 hours this rule would not have stopped it.',
    );
    expect(asked()).toBe(1);
  });
});

test.describe('the row menu', () => {
  test('shows a computer\u2019s CPU over 24 hours, the row\u2019s figures without another call', async ({
    page,
    world,
  }) => {
    world.sim.setCpuProfile(
      'us-east-2',
      'genomics-lab',
      Array.from({ length: 24 }, (_, h) => (h < 12 ? 30 : 2)),
    );
    const asked = metricCalls(world, 'genomics-lab');
    await openLauncher(page, world.host.url);
    await waitForFreshList(page);
    const r = row(page, 'genomics-lab');
    await expect(r.getByTestId('row-cpu').getByRole('img')).toHaveAttribute(
      'aria-label',
      'CPU over the last 24 hours, highest 30 %',
    );
    expect(asked()).toBe(1);
    await r.getByRole('button', { name: 'More for genomics-lab' }).click();
    await page.getByRole('menuitem', { name: 'CPU, last 24 hours…' }).click();
    const dialog = page.getByRole('dialog', { name: 'CPU of genomics-lab' });
    await expect(dialog.getByRole('img')).toHaveAttribute(
      'aria-label',
      'CPU over the last 24 hours, highest 30 %',
    );
    expect(asked()).toBe(1);
  });
});

// Fifty running computers: more than the window shows.
const FLEET = Array.from({ length: 50 }, (_, i) => ({
  region: 'us-east-2',
  name: `fleet-${String(i).padStart(2, '0')}`,
  blueprintId: 'lfr_jupyterlab_1_0',
  bundleId: 'app_standard_xl_1_0',
  state: 'running' as const,
}));

test.describe('row sparklines with 50 computers', () => {
  test.use({ worldOptions: { research: FLEET, teaching: [] } });

  test('only the rows on screen fetch CPU figures, within the calls per minute', async ({ page, world }) => {
    // A harmless fault (no delay) per computer counts the figures asked for each.
    const ids = FLEET.map((c) =>
      world.sim.faults.inject({
        kind: 'latency',
        latencyMs: 0,
        operation: 'GetInstanceMetricData',
        computer: c.name,
      }),
    );
    const asked = () =>
      world.sim.faults
        .list()
        .filter((f) => ids.includes(f.id) && f.hits > 0)
        .map((f) => f.computer!)
        .sort();
    // The rows whose sparkline is inside the window now.
    const onScreen = () =>
      page.locator('[role="row"][data-computer]').evaluateAll((rows) =>
        rows
          .filter((r) => {
            const b = r.querySelector('[data-testid="row-cpu"]')?.getBoundingClientRect();
            return b !== undefined && b.bottom > 0 && b.top < r.ownerDocument.documentElement.clientHeight;
          })
          .map((r) => r.getAttribute('data-computer') ?? ''),
      );
    await openLauncher(page, world.host.url);
    await waitForFreshList(page);
    const first = await onScreen();
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(10);
    for (const name of first)
      await expect(row(page, name).getByTestId('row-cpu').getByRole('img')).toBeVisible();
    expect(asked()).toEqual([...first].sort());

    // Scrolled to the end: the rows that come on screen ask, within the budget of 10 a minute;
    // those over it say their figures come later. No row that was never on screen asks.
    const seen = new Set(first);
    await page.mouse.move(550, 400);
    await expect
      .poll(async () => {
        await page.mouse.wheel(0, 10_000);
        const now = await onScreen();
        for (const name of now) seen.add(name);
        return now.includes('fleet-49');
      })
      .toBe(true);
    await expect.poll(() => world.sim.calls({ operation: 'GetInstanceMetricData' })).toBe(10);
    expect(asked()).toHaveLength(10);
    expect(asked().filter((n) => !seen.has(n))).toEqual([]);
    expect(seen.size).toBeLessThan(FLEET.length);
    const later = page.getByTestId('row-cpu').locator('[title]').first();
    await expect(later).toHaveText('CPU …');
    await expect(later).toHaveAttribute('title', /many computers/);
  });
});

test.describe('storage disks', () => {
  test('a disk is created with its size and price, attached, detached and deleted, asking first', async ({
    page,
    world,
  }) => {
    await openLauncher(page, world.host.url);
    await waitForFreshList(page);
    await page.getByRole('button', { name: 'Disks' }).click();
    const panel = page.getByRole('dialog', { name: 'Storage disks' });
    await expect(panel).toContainText('No storage disks in us-east-2.');
    await panel.getByLabel('New disk name').fill('survey data');
    await expect(panel).toContainText('cannot be a disk name');
    await panel.getByLabel('New disk name').fill('survey-data');
    await panel.getByLabel('Size (GB)').fill('100');
    await expect(panel.locator('form')).toContainText('$10.00/month');
    await panel.getByRole('button', { name: 'Create disk' }).click();
    const disk = panel.getByTestId('disk').filter({ hasText: 'survey-data' });
    const state = disk.getByTestId('disk-state');
    await expect(disk).toContainText('100 GB · $10.00/month');
    await expect(state).toHaveText('being created');
    // Each change happens on the simulator's clock; the panel looks again while one is under way.
    const after = async (ms: number, text: string) =>
      expect
        .poll(async () => {
          await world.advance(ms);
          return state.textContent();
        })
        .toBe(text);
    await after(10_000, 'not attached');

    await disk.getByLabel('Computer to attach survey-data to').selectOption({ label: 'gpu-training' });
    await disk.getByRole('button', { name: 'Attach' }).click();
    await expect(state).toHaveText('attaching to gpu-training');
    await after(5_000, 'attached to gpu-training');

    await disk.getByRole('button', { name: 'Detach' }).click();
    const confirm = disk.getByRole('alertdialog', { name: 'Confirm' });
    await expect(confirm).toContainText('Detach survey-data from gpu-training? Stop the computer first');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toBeHidden();
    await expect(state).toHaveText('attached to gpu-training');
    expect(world.sim.calls({ operation: 'DetachDisk' })).toBe(0);
    await disk.getByRole('button', { name: 'Detach' }).click();
    await confirm.getByRole('button', { name: 'Detach disk' }).click();
    await expect(state).toHaveText('detaching from gpu-training');
    await after(5_000, 'not attached');

    await disk.getByRole('button', { name: 'Delete' }).click();
    await expect(confirm).toContainText('Delete survey-data? Everything on it is lost; it stops costing.');
    await confirm.getByRole('button', { name: 'Delete disk' }).click();
    await expect(panel).toContainText('No storage disks in us-east-2.');
    expect(world.sim.calls({ operation: 'DeleteDisk' })).toBe(1);
  });
});

test.describe('delete', () => {
  test('says what is lost and what keeps costing; cancelled sends nothing; with its snapshots, all go', async ({
    page,
    world,
  }) => {
    const sdk = new LightsailClient({
      region: 'us-east-2',
      endpoint: world.sim.endpoint,
      credentials: TEST_CREDENTIALS,
    });
    const snapshotsOf = async (computer: string) =>
      ((await sdk.send(new GetInstanceSnapshotsCommand({}))).instanceSnapshots ?? [])
        .filter((s) => s.fromInstanceName === computer)
        .map((s) => s.name);
    for (const n of ['stats-monday', 'stats-friday'])
      await sdk.send(
        new CreateInstanceSnapshotCommand({ instanceName: 'stats-rstudio', instanceSnapshotName: n }),
      );
    await world.advance(MANAGE_TIMINGS.snapshotMs);
    await openLauncher(page, world.host.url);
    await waitForFreshList(page);
    const r = row(page, 'stats-rstudio');
    const ask = async () => {
      await r.getByRole('button', { name: 'More for stats-rstudio' }).click();
      await page.getByRole('menuitem', { name: 'Delete…' }).click();
      return page.getByRole('alertdialog', { name: 'Delete stats-rstudio?' });
    };

    let dialog = await ask();
    await expect(dialog).toContainText('stats-rstudio and its system disk are deleted for good');
    await expect(dialog.getByTestId('delete-costs')).toHaveText(
      /^Its 2 snapshots stay and keep costing \(up to \$\d+\.\d\d\/month\) until you delete them\.$/,
    );
    await expect(dialog.getByLabel('Delete its 2 snapshots too')).not.toBeChecked();
    await dialog.getByLabel('Type stats-rstudio to confirm.').fill('stats-rstudio');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    expect(world.sim.calls({ operation: 'DeleteInstance' })).toBe(0);
    expect(world.sim.calls({ operation: 'DeleteInstanceSnapshot' })).toBe(0);
    await expect(r).toBeVisible();

    dialog = await ask();
    await dialog.getByLabel('Delete its 2 snapshots too').check();
    await expect(dialog).toContainText('So are its 2 snapshots.');
    await expect(dialog.getByTestId('delete-costs')).toHaveText(
      'Nothing of it keeps costing: its 2 snapshots are deleted after it.',
    );
    const confirm = dialog.getByRole('button', { name: 'Delete computer and snapshots' });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel('Type stats-rstudio to confirm.').fill('stats-rstudio');
    // The first snapshot's delete is held, so its progress can be seen.
    const held = world.sim.faults.inject({ kind: 'hang', operation: 'DeleteInstanceSnapshot', times: 1 });
    await confirm.click();
    await expect(dialog.getByTestId('delete-progress')).toHaveText(
      /^Deleting snapshot 1 of 2 \(stats-(monday|friday)\)…$/,
    );
    world.sim.faults.remove(held);
    await expect(dialog).toBeHidden();
    await expect(r).toHaveCount(0);
    expect(world.sim.computer('us-east-2', 'stats-rstudio')).toBeUndefined();
    expect(await snapshotsOf('stats-rstudio')).toEqual([]);
    sdk.destroy();
  });
});
