// Creating a computer, "Snapshot, then stop", and the CPU sparkline with the idle-rule preview,
// as a user sees them: the real renderer and core over the simulator, virtual time moved by the
// test (the simulator's clock and the launcher's together).
import { expect, openLauncher, row, test, waitForFreshList } from './fixtures.js';

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
    await openLauncher(page, world.host.url);
    await waitForFreshList(page);
    expect(world.sim.calls({ operation: 'GetInstanceMetricData' })).toBe(0);
    const r = row(page, 'stats-rstudio');
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
    expect(world.sim.calls({ operation: 'GetInstanceMetricData' })).toBe(1);
  });
});

test.describe('the row menu', () => {
  test('shows a computer\u2019s CPU over 24 hours, fetched only when asked', async ({ page, world }) => {
    world.sim.setCpuProfile(
      'us-east-2',
      'genomics-lab',
      Array.from({ length: 24 }, (_, h) => (h < 12 ? 30 : 2)),
    );
    await openLauncher(page, world.host.url);
    await waitForFreshList(page);
    expect(world.sim.calls({ operation: 'GetInstanceMetricData' })).toBe(0);
    await row(page, 'genomics-lab').getByRole('button', { name: 'More for genomics-lab' }).click();
    await page.getByRole('menuitem', { name: 'CPU, last 24 hours…' }).click();
    const dialog = page.getByRole('dialog', { name: 'CPU of genomics-lab' });
    await expect(dialog.getByRole('img')).toHaveAttribute(
      'aria-label',
      'CPU over the last 24 hours, highest 30 %',
    );
    expect(world.sim.calls({ operation: 'GetInstanceMetricData' })).toBe(1);
  });
});
