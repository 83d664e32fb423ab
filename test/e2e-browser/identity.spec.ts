// One computer, one row (issue 15) in the real renderer: a computer two profiles reach is listed
// once, shows both profiles and the one used, and the user's pick is remembered; the row's menu
// opens a session in the DCV client (disabled with the reason when there is none) or the browser.
import { expect, expectAccessible, openLauncher, row, shoot, test, waitForFreshList } from './fixtures.js';
import { NO_DCV_CLIENT } from './world.js';

test.use({ worldOptions: { courseProfile: true } });

const group = (name: string) => `[role="rowgroup"][data-group="profile:${name}"]`;

test('a computer two profiles reach is one row that shows both and the one used; the pick is remembered', async ({
  app,
  world,
  page,
}) => {
  await waitForFreshList(app);
  const r = row(app, 'genomics-lab');
  await expect(r).toHaveCount(1);
  const reach = r.locator('[data-reached-through]');
  await expect(reach).toContainText('reached through research (used), course');
  await expect(reach.locator('b.used')).toHaveText('research');
  await expect(app.locator(`${group('research')} [data-computer="genomics-lab"]`)).toBeVisible();
  // Every research computer is reached through both profiles, and each is listed once.
  await expect(app.locator('[data-computer]')).toHaveCount(6);
  await r.scrollIntoViewIfNeeded();
  await r.screenshot({ path: 'test-results/screenshots/identity-row.png' });

  await r.getByRole('button', { name: 'More for genomics-lab' }).click();
  const menu = app.getByRole('menu', { name: 'genomics-lab' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitemradio', { name: 'Use profile research' })).toHaveAttribute(
    'aria-checked',
    'true',
  );
  await shoot(app, 'identity-menu');
  await expectAccessible(app);
  await menu.getByRole('menuitemradio', { name: 'Use profile course' }).click();
  await expect(menu).toBeHidden();

  // The row moves under the profile it now uses, without a manual refresh.
  const moved = row(app, 'genomics-lab');
  await expect(app.locator(`${group('course')} [data-computer="genomics-lab"]`)).toBeVisible({
    timeout: 20_000,
  });
  await expect(moved.locator('b.used')).toHaveText('course');
  await expect(moved).toHaveCount(1);
  const arn = Object.keys(world.settings.get().computerProfiles)[0];
  expect(arn).toMatch(/^arn:aws:lightsail:us-east-2:\d+:Instance\//);
  expect(world.settings.get().computerProfiles).toEqual({ [arn!]: 'course' });

  // Remembered: a fresh launcher page shows the same choice.
  await openLauncher(page, world.host.url);
  await waitForFreshList(page);
  await expect(page.locator(`${group('course')} [data-computer="genomics-lab"] b.used`)).toHaveText('course');
  await expect(page.locator(`${group('research')} [data-computer="genomics-lab"]`)).toHaveCount(0);
});

test('"Open in DCV client" is disabled with its reason; "Open in browser" hands the session to the browser', async ({
  app,
  world,
  context,
}) => {
  await waitForFreshList(app);
  const r = row(app, 'genomics-lab');
  await r.getByRole('button', { name: 'More for genomics-lab' }).click();
  const menu = app.getByRole('menu', { name: 'genomics-lab' });
  for (const what of ['application', 'desktop']) {
    const client = menu.getByRole('menuitem', { name: new RegExp(`^Open ${what} in DCV client`) });
    await expect(client).toHaveAttribute('aria-disabled', 'true');
    await expect(client).toHaveAttribute('title', NO_DCV_CLIENT);
    await expect(client).toContainText(NO_DCV_CLIENT);
  }
  // A disabled item does nothing when clicked.
  await menu.getByRole('menuitem', { name: /^Open application in DCV client/ }).click({ force: true });
  await expect(menu).toBeVisible();
  expect(world.handedOff).toEqual([]);

  const pages = context.pages().length;
  await menu.getByRole('menuitem', { name: 'Open application in browser' }).click();
  await expect(menu).toBeHidden();
  await expect.poll(() => world.handedOff.length, { timeout: 20_000 }).toBe(1);
  expect(world.handedOff[0]!.target).toBe('browser');
  expect(new URL(world.handedOff[0]!.url).searchParams.get('authToken')).toBeTruthy();
  // Handed to the browser: no launcher session window opened.
  expect(world.windows.list()).toEqual([]);
  expect(context.pages().length).toBe(pages);
  // Keyboard: Escape closes the menu and gives the focus back to its button.
  const more = r.getByRole('button', { name: 'More for genomics-lab' });
  await more.click();
  await expect(menu).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(more).toBeFocused();
});

test('Settings: where each kind opens, trusted certificates and media answers can be removed', async ({
  app,
  world,
}) => {
  await world.launcher['settings:update']({
    certificatePins: [
      { hostPort: '127.0.0.1:8443', sha256: Array.from({ length: 32 }, () => 'AB').join(':') },
    ],
    mediaGrants: { 'research/us-east-2/genomics-lab': true },
  });
  await waitForFreshList(app);
  await app
    .getByRole('button', { name: /Settings/ })
    .first()
    .click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  await expect(dialog.getByLabel('Open the application in')).toHaveValue('window');
  await expect(dialog.getByRole('option', { name: 'DCV client' }).first()).toBeDisabled();
  await dialog.getByLabel('Open the desktop in').selectOption('browser');
  await expect.poll(() => world.settings.get().openWith).toEqual({ app: 'window', desktop: 'browser' });

  await expect(dialog.getByRole('list', { name: 'Trusted certificates' })).toContainText('127.0.0.1:8443');
  await expect(dialog.getByRole('list', { name: 'Microphone and camera answers' })).toContainText(
    'genomics-lab (research, us-east-2)',
  );
  await shoot(app, 'identity-settings');
  await dialog.getByRole('button', { name: 'Remove trust for 127.0.0.1:8443' }).click();
  await expect.poll(() => world.settings.get().certificatePins).toEqual([]);
  await dialog.getByRole('button', { name: /Remove the answer for genomics-lab/ }).click();
  await expect.poll(() => world.settings.get().mediaGrants).toEqual({});
  await expect(dialog).toContainText('No answers yet');
});
