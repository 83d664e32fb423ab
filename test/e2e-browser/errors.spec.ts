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
import { TEACHING_CREDENTIALS } from './world.js';

test('AccessDenied in one region shows on that region while the others list', async ({ page, world }) => {
  world.sim.faults.inject({
    kind: 'AccessDeniedException',
    region: 'eu-west-2',
    accessKeyId: TEACHING_CREDENTIALS.accessKeyId,
  });
  await openLauncher(page, world.host.url);
  await waitForFreshList(page);

  // teaching's eu-west-2 computer is missing, with the reason shown in the teaching group.
  expect((await listedNames(page)).sort()).toEqual([
    'course-vscodium',
    'genomics-lab',
    'gpu-training',
    'stats-rstudio',
    'survey-analysis',
  ]);
  const teaching = page.locator('[role="rowgroup"][data-group="profile:teaching"]');
  const note = teaching.locator('[data-error-kind="access-denied"]');
  await expect(note).toContainText('eu-west-2');
  await expect(note).toContainText('Access denied');
  await expect(row(page, 'course-vscodium')).toBeVisible();
  await expect(row(page, 'survey-analysis')).toBeVisible();
  await shoot(page, 'access-denied');
  await expectAccessible(page);

  // Grouped by region, the error sits on eu-west-2.
  await page.getByLabel('Group by').selectOption('region');
  await expect(
    page.locator('[role="rowgroup"][data-group="region:eu-west-2"] [data-error-kind="access-denied"]'),
  ).toContainText('teaching');
  await expect(
    page.locator('[role="rowgroup"][data-group="region:us-east-2"] [data-error-kind]'),
  ).toHaveCount(0);
});

test('throttling shows that it is retrying, then lists', async ({ page, world }) => {
  world.sim.faults.inject({
    kind: 'ThrottlingException',
    region: 'us-east-2',
    operation: 'GetInstances',
    times: 6,
  });
  // The renderer's retry waits on the page's clock, which the test moves as the user waits.
  await page.clock.install();
  await openLauncher(page, world.host.url);
  const note = page.locator('[data-error-kind="throttled"]').first();
  await expect(note).toContainText(/Retrying/);
  await shoot(page, 'throttled');
  // The automatic retry lists what was missing, without a click (the third sweep: each uses up
  // two throttled answers per profile, after 5 s, then 10 s).
  await expect
    .poll(async () => {
      await page.clock.fastForward(5_000);
      return row(page, 'genomics-lab').count();
    })
    .toBe(1);
  await expect(row(page, 'genomics-lab')).toBeVisible();
  await expect(page.locator('[data-error-kind="throttled"]')).toHaveCount(0);
});

test.describe('a profile that needs sign-in', () => {
  test.use({
    worldOptions: {
      profiles: [
        {
          name: 'research',
          kind: 'static',
          sources: ['e2e'],
          diagnostics: [],
          isDefault: true,
          status: 'ok',
        },
        {
          name: 'sso-lab',
          kind: 'sso',
          sources: ['e2e'],
          diagnostics: [],
          isDefault: false,
          status: 'needs-sign-in',
        },
      ],
    },
  });

  test('says so with the exact command to run, and the other profile lists', async ({ app }) => {
    await waitForFreshList(app);
    await expect(row(app, 'genomics-lab')).toBeVisible();
    // Said once, on the profile's own group, with the exact command.
    const group = app.locator('[role="rowgroup"][data-group="profile:sso-lab"]');
    await expect(group.locator('[data-error-kind="sign-in-required"]')).toContainText('sso-lab');
    const cmd = app.getByText('aws sso login --profile sso-lab', { exact: true });
    await expect(cmd).toHaveCount(1);
    await expect(group.getByText('aws sso login --profile sso-lab', { exact: true })).toBeVisible();
    await expect(
      app.getByRole('button', { name: 'Copy command: aws sso login --profile sso-lab' }),
    ).toBeVisible();
    await shoot(app, 'sign-in');
    await expectAccessible(app);
  });
});

test.describe('no profiles', () => {
  test.use({ worldOptions: { profiles: [] } });

  test('explains how to add one and offers the demo', async ({ app }) => {
    await expect(app.getByRole('heading', { name: 'No AWS profiles found' })).toBeVisible();
    await expect(app.getByText('aws configure sso', { exact: true })).toBeVisible();
    await expect(app.getByText('aws configure', { exact: true })).toBeVisible();
    await shoot(app, 'no-profiles');
    await expectAccessible(app);
    await app.getByRole('button', { name: 'Try the demo' }).click();
    await expect(app.getByText('Demo', { exact: true })).toBeVisible();
    await expect(row(app, 'genomics-lab')).toBeVisible();
  });
});

test.describe('no computers', () => {
  test.use({ worldOptions: { research: [], teaching: [] } });

  test('says the chosen regions have none and offers to choose regions', async ({ app }) => {
    await expect(
      app.getByRole('heading', { name: 'No virtual computers in the chosen regions' }),
    ).toBeVisible();
    await app.getByRole('button', { name: 'Choose regions' }).click();
    const dialog = app.getByRole('dialog', { name: 'Settings' });
    await expect(dialog.getByRole('checkbox', { name: /Europe \(London\)/ })).toBeChecked();
    await expect(dialog.getByRole('checkbox', { name: /Asia Pacific \(Tokyo\)/ })).not.toBeChecked();
    await dialog.getByRole('button', { name: 'Close settings' }).click();
    await shoot(app, 'no-computers');
    await expectAccessible(app);
  });
});
