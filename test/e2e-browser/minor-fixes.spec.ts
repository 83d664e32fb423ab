// The small things a daily user trips over: the shortcut recorder, access denied with the policy
// it needs, the empty state's console link, and the demo's IAM Identity Center advice.
import { EXTERNAL_LINKS } from '../../electron/shared/links.js';
import { expect, expectAccessible, row, shoot, test, waitForFreshList } from './fixtures.js';

test('the global shortcut is recorded from the keys pressed; Escape cancels, Backspace clears', async ({
  app,
  world,
}) => {
  await waitForFreshList(app);
  await app.getByRole('button', { name: 'Settings' }).click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  const recorder = dialog.getByRole('button', { name: /^Global shortcut: / });
  await recorder.click();
  await expect(dialog.getByRole('button', { name: /Press the shortcut keys/ })).toBeFocused();
  await app.keyboard.press('KeyK'); // a plain key would take K from every application
  await expect(dialog.getByRole('status').filter({ hasText: 'Hold Ctrl, Alt' })).toBeVisible();
  await app.keyboard.press('Control+Alt+KeyK');
  await expect.poll(() => world.settings.get().globalShortcut).toBe('CommandOrControl+Alt+K');
  await expect(
    dialog.getByRole('button', { name: 'Global shortcut: Ctrl+Alt+K. Record another' }),
  ).toBeVisible();

  await dialog.getByRole('button', { name: /^Global shortcut: / }).click();
  await app.keyboard.press('Escape'); // cancels the recording, not the dialog
  await expect(dialog).toBeVisible();
  expect(world.settings.get().globalShortcut).toBe('CommandOrControl+Alt+K');
  await dialog.getByRole('button', { name: /^Global shortcut: / }).click();
  await app.keyboard.press('Backspace');
  await expect.poll(() => world.settings.get().globalShortcut).toBe('');
  // The header stays on screen with Done while the settings scroll.
  await dialog.locator('fieldset').last().scrollIntoViewIfNeeded();
  await expect(dialog.getByRole('button', { name: 'Done' })).toBeInViewport();
  await shoot(app, 'settings-scrolled');
});

test.describe('access denied on a computer another profile reaches', () => {
  test.use({ worldOptions: { courseProfile: true } });

  test('offers "Copy the IAM policy" for the refused action and "Use profile …"', async ({
    app,
    world,
    context,
  }) => {
    await waitForFreshList(app);
    const r = row(app, 'genomics-lab');
    const opened = context.waitForEvent('page');
    await r.getByRole('button', { name: 'Open application' }).click();
    await opened;
    await expect(r.getByRole('button', { name: 'Application open' })).toBeVisible();
    const used = await r.getAttribute('data-profile');
    const other = used === 'research' ? 'course' : 'research';
    // Stop session falls back on the other profile by itself (computer-access): deny both, so the
    // user sees the refusal, the policy to copy, and the other profile to pick once it is allowed.
    for (const accessKeyId of ['AKIDLFRSIMULATOR', 'AKIDLFRCOURSEROLE1']) {
      world.sim.faults.inject({
        kind: 'AccessDeniedException',
        operation: 'StopGUISession',
        accessKeyId,
        times: 10,
      });
    }
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await app.bringToFront();
    await r.getByRole('button', { name: 'Stop session' }).click();
    await r.getByRole('alertdialog').getByRole('button', { name: 'Stop session' }).click();
    const alert = r.getByRole('alert');
    await expect(alert).toContainText('Access denied');
    await expect(alert).toContainText('lightsail:StopGUISession');
    const copy = alert.getByRole('button', { name: 'Copy the IAM policy' });
    await expect(copy).toHaveClass(/primary/);
    await expect(alert.getByRole('button', { name: 'Retry' })).not.toHaveClass(/primary/);
    await copy.click();
    await expect(alert.getByRole('button', { name: 'Copied' })).toBeVisible();
    const policy = JSON.parse((await app.evaluate('navigator.clipboard.readText()')) as string) as {
      Statement: { Action: string[]; Resource: string }[];
    };
    expect(policy.Statement[0]!.Action).toEqual(['lightsail:StopGUISession']);
    expect(policy.Statement[0]!.Resource).toMatch(/^arn:aws:lightsail:us-east-2:/);
    await shoot(app, 'access-denied-row');
    await expectAccessible(app);

    // The other profile reaches it: one click switches to it, and Stop session then works.
    await alert.getByRole('button', { name: `Use profile ${other}` }).click();
    await expect(row(app, 'genomics-lab')).toHaveAttribute('data-profile', other);
    await expect(row(app, 'genomics-lab').getByRole('alert')).toHaveCount(0);
  });
});

test.describe('no computers', () => {
  test.use({ worldOptions: { research: [], teaching: [] } });

  test('the empty state links the console and shows no totals about nothing', async ({ app }) => {
    await expect(
      app.getByRole('heading', { name: 'No virtual computers in the chosen regions' }),
    ).toBeVisible();
    const link = app.getByRole('link', { name: 'Lightsail for Research console' });
    await expect(link).toHaveAttribute('href', EXTERNAL_LINKS.console);
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(app.getByRole('status')).not.toContainText('in all this month');
    await expect(app.getByRole('status')).not.toContainText('open');
  });
});

test.describe('demo mode', () => {
  test.use({ worldOptions: { profiles: [] } });

  test('IAM Identity Center in the demo says how to get real profiles, instead of failing', async ({
    app,
  }) => {
    await app.getByRole('button', { name: 'Try the demo' }).click();
    await expect(app.getByText('Demo', { exact: true })).toBeVisible();
    await app.getByRole('button', { name: 'Settings' }).click();
    const dialog = app.getByRole('dialog', { name: 'Settings' });
    await expect(dialog.getByTestId('demo-sso')).toContainText('aws configure sso');
    await expect(dialog.getByRole('button', { name: 'Add profiles from IAM Identity Center' })).toHaveCount(
      0,
    );
  });
});
