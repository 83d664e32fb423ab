// Settings take effect at once, without a refresh: a budget shows on its group, a hidden
// profile leaves the list and is no longer scanned, and comes back from Settings.
import { expect, test, waitForFreshList } from './fixtures.js';
import { TEACHING_CREDENTIALS } from './world.js';

test('a budget edit shows on its group at once', async ({ app, world }) => {
  await waitForFreshList(app);
  const research = app.locator('[data-group="profile:research"] .group-head');
  // The month's cost arrives after the list (GetCostEstimate per computer): wait for it as a user would.
  await expect(research.getByTestId('cost')).toHaveText(/^\$\d+\.\d\d/, { timeout: 30_000 });
  await expect(research.getByTestId('cost')).not.toContainText(' of ');
  const sweeps = world.sim.calls({ operation: 'GetInstances' });

  await app.getByRole('button', { name: 'Settings' }).click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  await dialog.getByLabel('Monthly budget of profile research').fill('0.01');
  await dialog.getByLabel('Monthly budget of profile research').press('Tab');
  await expect.poll(() => world.settings.get().budgets).toEqual({ research: 0.01 });
  // Seen through the dialog's backdrop: the group has its budget and the over-budget mark.
  await expect(research.getByTestId('cost')).toContainText('of $0.01');
  await expect(research.getByRole('img', { name: 'over budget' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  // No sweep was needed for it.
  expect(world.sim.calls({ operation: 'GetInstances' })).toBe(sweeps);
});

test('a profile hidden from its group menu disappears and stops being scanned; Settings shows it again', async ({
  app,
  world,
}) => {
  await waitForFreshList(app);
  const teaching = app.locator('[data-group="profile:teaching"]');
  await expect(teaching.locator('[role="row"][data-computer]')).toHaveCount(2);

  await teaching.getByRole('button', { name: 'More for profile teaching' }).click();
  await app
    .getByRole('menu', { name: 'Profile teaching' })
    .getByRole('menuitem', { name: /Hide profile teaching/ })
    .click();
  await expect(teaching).toHaveCount(0);
  await expect(app.locator('[role="row"][data-profile="teaching"]')).toHaveCount(0);
  await expect.poll(() => world.settings.get().hiddenProfiles).toEqual(['teaching']);
  await expect(app.getByRole('button', { name: '1 profile hidden' })).toBeVisible();

  // Not scanned: a refresh sends nothing with the teaching keys, and still lists research.
  await waitForFreshList(app);
  world.sim.resetCalls();
  await app.getByRole('button', { name: 'Refresh list' }).click();
  await expect.poll(() => world.sim.calls({ operation: 'GetInstances' })).toBeGreaterThan(0);
  await waitForFreshList(app);
  expect(world.sim.calls({ accessKeyId: TEACHING_CREDENTIALS.accessKeyId })).toBe(0);
  await expect(app.locator('[role="row"][data-computer="genomics-lab"]')).toBeVisible();

  // Settings › Profiles to list: ticking it again lists (and scans) it again.
  await app.getByRole('button', { name: '1 profile hidden' }).click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  const box = dialog.getByRole('checkbox', { name: 'teaching' });
  await expect(box).not.toBeChecked();
  await box.check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(app.locator('[data-group="profile:teaching"] [role="row"][data-computer]')).toHaveCount(2, {
    timeout: 30_000,
  });
  expect(world.sim.calls({ accessKeyId: TEACHING_CREDENTIALS.accessKeyId })).toBeGreaterThan(0);
});
