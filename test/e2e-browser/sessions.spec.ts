import { LightsailClient, StopInstanceCommand } from '@aws-sdk/client-lightsail';
import type { Page } from '@playwright/test';
import { TEST_CREDENTIALS } from '../../electron/simulator/index.js';
import { expect, expectAccessible, row, shoot, test, waitForFreshList } from './fixtures.js';

const dcv = (page: Page) => page.locator('main#dcv');

/**
 * Record, inside the page, every state the row's progress bar shows (label and value), so
 * nothing is missed while the test is busy with screenshots. Read it back with readProgress.
 */
async function recordProgress(app: Page, name: string): Promise<void> {
  await app.evaluate(`(() => {
    const seen = (window.__progressSeen = []);
    const record = () => {
      const bar = document.querySelector('[role="row"][data-computer="${name}"] [role="progressbar"]');
      const text = bar && bar.getAttribute('aria-valuetext');
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  })()`);
}

async function readProgress(app: Page): Promise<{ label: string; value: number }[]> {
  const texts = (await app.evaluate('window.__progressSeen')) as string[];
  return texts.map((t) => {
    const m = /^(.*), (\d+)%$/.exec(t);
    return { label: m?.[1] ?? t, value: Number(m?.[2] ?? NaN) };
  });
}

test('Open application and Open desktop give two separate windows; asking again focuses', async ({
  app,
  world,
  context,
}) => {
  await waitForFreshList(app);
  const r = row(app, 'genomics-lab');
  const appPage = context.waitForEvent('page');
  await r.getByRole('button', { name: 'Open application' }).click();
  const appWindow = await appPage;
  await expect(dcv(appWindow)).toHaveAttribute('data-computer', 'genomics-lab');
  await expect(dcv(appWindow)).toHaveAttribute('data-kind', 'app');

  const deskPage = context.waitForEvent('page');
  await r.getByRole('button', { name: 'Open desktop' }).click();
  const deskWindow = await deskPage;
  await expect(dcv(deskWindow)).toHaveAttribute('data-computer', 'genomics-lab');
  await expect(dcv(deskWindow)).toHaveAttribute('data-kind', 'desktop');
  expect(appWindow).not.toBe(deskWindow);

  // The launcher shows which windows are open.
  await expect(r.getByRole('button', { name: /Application open/ })).toBeVisible();
  await expect(r.getByRole('button', { name: /Desktop open/ })).toBeVisible();
  const pages = context.pages().length;

  // Asking again brings the open window to front instead of opening another.
  await r.getByRole('button', { name: 'Show application' }).click();
  await expect.poll(() => world.windows.list().find((w) => w.kind === 'app')?.focused).toBe(true);
  await r.getByRole('button', { name: /Desktop open/ }).click();
  await expect.poll(() => world.windows.list().find((w) => w.kind === 'desktop')?.focused).toBe(true);
  expect(context.pages().length).toBe(pages);
  expect(world.windows.loads('research/us-east-2/genomics-lab', 'app')).toBe(1);
  expect(world.windows.loads('research/us-east-2/genomics-lab', 'desktop')).toBe(1);
  await shoot(app, 'windows-open');
  await expectAccessible(app);

  // Stop session closes both windows.
  await r.getByRole('button', { name: 'Stop session' }).click();
  // Asked once that unsaved work is lost (warnBeforeStop).
  await r
    .getByRole('alertdialog', { name: 'Stop the session on genomics-lab?' })
    .getByRole('button', { name: 'Stop session' })
    .click();
  await expect.poll(() => appWindow.isClosed() && deskWindow.isClosed()).toBe(true);
  await expect(r.getByRole('button', { name: /open$/ })).toHaveCount(0);
});

test.describe('a slower first setup', () => {
  test.use({ worldOptions: { sim: { sessionSetupMs: 20_000 } } });

  test('the progress bar moves through the statuses to ready', async ({ app, world, context }) => {
    await waitForFreshList(app);
    const opened = context.waitForEvent('page');
    await recordProgress(app, 'stats-rstudio');
    await row(app, 'stats-rstudio').getByRole('button', { name: 'Open application' }).click();
    await expect(row(app, 'stats-rstudio').getByRole('progressbar')).toBeVisible();
    await expect(row(app, 'stats-rstudio').getByRole('button', { name: 'Cancel' })).toBeVisible();
    await expect(row(app, 'stats-rstudio').getByTitle('Elapsed time')).toHaveText(/^0:0\d$/);
    await shoot(app, 'progress');
    // The user waits out the 20 s setup: the world's clock moves, the launcher's polls follow it.
    await world.advance(25_000);
    const win = await opened;
    await expect(row(app, 'stats-rstudio')).toContainText('Ready');
    const seen = await readProgress(app);
    const labels = [...new Set(seen.map((s) => s.label))];
    expect(labels, JSON.stringify(seen)).toContain('Setting up the computer');
    expect(labels, JSON.stringify(seen)).toContain('Starting the session');
    const values = seen.map((s) => s.value);
    expect(values.filter((v) => v > 0 && v < 100).length, JSON.stringify(seen)).toBeGreaterThanOrEqual(2);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(seen[seen.length - 1]).toEqual({ label: 'Ready', value: 100 });
    await expect(dcv(win)).toHaveAttribute('data-computer', 'stats-rstudio');
    expect(world.notifications.some((n) => n.title === 'stats-rstudio is ready')).toBe(true);
  });

  test('Cancel stops the setup and says so', async ({ app }) => {
    await waitForFreshList(app);
    const r = row(app, 'course-vscodium');
    await r.getByRole('button', { name: 'Open desktop' }).click();
    await expect(r.getByRole('progressbar')).toBeVisible();
    await expectAccessible(app);
    await r.getByRole('button', { name: 'Cancel' }).click();
    await expect(r).toContainText('Cancelled');
    await expect(r.getByRole('progressbar')).toHaveCount(0, { timeout: 10_000 });
    await expect(r.getByRole('button', { name: 'Open desktop' })).toHaveAttribute('aria-disabled', 'false');
  });
});

test('failedStartingGUISession shows the failureReason and Retry works', async ({ app, world, context }) => {
  const reason = 'The DCV server on the computer did not start in time.';
  world.sim.faults.inject({
    kind: 'failedStartingGUISession',
    computer: 'survey-analysis',
    failureReason: reason,
    times: 1,
  });
  await waitForFreshList(app);
  const r = row(app, 'survey-analysis');
  await r.getByRole('button', { name: 'Open application' }).click();
  const alert = r.getByRole('alert');
  await expect(alert).toContainText(reason);
  await shoot(app, 'session-failed');
  await expectAccessible(app);

  const opened = context.waitForEvent('page');
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(r.getByRole('alert')).toHaveCount(0);
  await expect(r.getByRole('progressbar')).toBeVisible();
  await world.advance(10_000);
  await expect(dcv(await opened)).toHaveAttribute('data-computer', 'survey-analysis');
  await expect(r.getByRole('button', { name: /Application open/ })).toBeVisible();
});

test.describe('without keep-going', () => {
  // The launcher would resume it by itself (its windows are open); here the user does.
  test.use({ worldOptions: { settings: { keepSessionsAlive: false } } });

  test('an expired session resumes and its windows reload', async ({ app, world, context }) => {
    await waitForFreshList(app);
    const id = 'research/us-east-2/genomics-lab';
    const r = row(app, 'genomics-lab');
    const p1 = context.waitForEvent('page');
    await r.getByRole('button', { name: 'Open application' }).click();
    const appWindow = await p1;
    const p2 = context.waitForEvent('page');
    await r.getByRole('button', { name: 'Open desktop' }).click();
    const deskWindow = await p2;
    await expect(dcv(deskWindow)).toHaveAttribute('data-kind', 'desktop');

    // The one-hour session lifetime passes (at once, as while the computer slept).
    await world.jump(61 * 60_000);
    expect(world.sim.computer('us-east-2', 'genomics-lab')?.session.status).toBe('startExpired');

    // Reconnect (the session window's menu in the app) resumes the session and reloads both windows.
    const reconnecting = Promise.all([
      world.launcher.reconnect(id, 'app'),
      world.launcher.reconnect(id, 'desktop'),
    ]);
    // Resuming takes 4 s of the world's time, which passes while the user waits.
    await expect
      .poll(() => world.sim.computer('us-east-2', 'genomics-lab')?.session.status)
      .not.toBe('startExpired');
    await world.advance(6_000);
    const [a, d] = await reconnecting;
    expect(a.ok && d.ok, JSON.stringify([a, d])).toBe(true);
    expect(world.sim.computer('us-east-2', 'genomics-lab')?.session.status).toBe('started');
    expect(world.windows.loads(id, 'app')).toBe(2);
    expect(world.windows.loads(id, 'desktop')).toBe(2);
    expect(context.pages()).toContain(appWindow);
    await expect(dcv(appWindow)).toHaveAttribute('data-kind', 'app');
    await expect(dcv(deskWindow)).toHaveAttribute('data-kind', 'desktop');
    await expect(r.getByRole('button', { name: /Application open/ })).toBeVisible();
  });
});

test.describe('a stopped computer', () => {
  test.use({ worldOptions: { settings: { autoStartComputers: false } } });

  test('a stopped computer is started first, with its own progress', async ({ app, world, context }) => {
    await waitForFreshList(app);
    const r = row(app, 'gpu-training');
    await expect(r.getByText('Stopped')).toBeVisible();

    // Opening asks on the row first, with the answer focused; Cancel starts nothing.
    await r.getByRole('button', { name: 'Open application' }).click();
    const question = r.getByRole('group', {
      name: 'gpu-training is stopped. Start it and open the application?',
    });
    await expect(question).toBeVisible();
    await expect(question.getByRole('button', { name: 'Start and open' })).toBeFocused();
    await expect(
      question.getByRole('checkbox', { name: 'Start stopped computers without asking' }),
    ).not.toBeChecked();
    await shoot(app, 'start-question');
    await expectAccessible(app);
    await question.getByRole('button', { name: 'Cancel' }).click();
    await expect(question).toBeHidden();
    expect(world.sim.computer('us-east-2', 'gpu-training')?.state).toBe('stopped');

    // From the keyboard: Shift+Enter asks about the desktop, Escape declines.
    await r.click({ position: { x: 200, y: 10 } });
    await app.getByRole('grid', { name: 'Virtual computers' }).focus();
    await app.keyboard.press('Shift+Enter');
    const desk = r.getByRole('group', { name: 'gpu-training is stopped. Start it and open the desktop?' });
    await expect(desk.getByRole('button', { name: 'Start and open' })).toBeFocused();
    await app.keyboard.press('Escape');
    await expect(desk).toBeHidden();
    await expect(app.getByRole('grid', { name: 'Virtual computers' })).toBeFocused();
    expect(world.sim.computer('us-east-2', 'gpu-training')?.state).toBe('stopped');

    // Enter asks about the application; Enter again (on "Start and open") agrees.
    const opened = context.waitForEvent('page');
    await recordProgress(app, 'gpu-training');
    await app.keyboard.press('Enter');
    await expect(question.getByRole('button', { name: 'Start and open' })).toBeFocused();
    await app.keyboard.press('Enter');
    await expect(question).toBeHidden();
    await expect(r.getByRole('progressbar')).toBeVisible();
    await shoot(app, 'starting-computer');
    // The computer starts (4 s), then its session is set up (8 s), while the user waits.
    await world.advance(6_000);
    await expect(r.getByRole('progressbar')).toHaveAttribute('aria-valuetext', /^Setting up the computer/);
    await world.advance(10_000);
    const win = await opened;
    await expect(r).toContainText('Ready');
    const seen = await readProgress(app);
    const labels = [...new Set(seen.map((s) => s.label))];
    // The computer's own start comes first, then the session's setup.
    expect(labels, JSON.stringify(seen)).toContain('Starting the computer');
    expect(labels.indexOf('Starting the computer')).toBeLessThan(labels.indexOf('Setting up the computer'));
    expect(
      seen.some((s) => s.label === 'Starting the computer' && s.value > 0 && s.value < 100),
      JSON.stringify(seen),
    ).toBe(true);
    expect(labels[labels.length - 1]).toBe('Ready');
    await expect(dcv(win)).toHaveAttribute('data-computer', 'gpu-training');
    await expect(r.getByText('Running')).toBeVisible();
    // Agreeing once is not "always".
    expect(world.settings.get().autoStartComputers).toBe(false);
  });

  test('"Start stopped computers without asking" is remembered; then opening starts without a question', async ({
    app,
    world,
    context,
  }) => {
    test.setTimeout(120_000);
    await waitForFreshList(app);
    const r = row(app, 'gpu-training');
    await r.getByRole('button', { name: 'Open desktop' }).click();
    const question = r.getByRole('group', { name: /gpu-training is stopped/ });
    await question.getByRole('checkbox', { name: 'Start stopped computers without asking' }).check();
    await question.getByRole('button', { name: 'Start and open' }).click();
    await expect.poll(() => world.settings.get().autoStartComputers).toBe(true);
    await expect(r.getByRole('progressbar')).toBeVisible();
    // The computer starts (4 s), then its session is set up (8 s), while the user waits.
    await world.advance(6_000);
    await expect(r.getByTestId('state')).toHaveText('Setting up session…');
    await world.advance(10_000);
    await expect(r.getByText('Running')).toBeVisible();
    await expect(r.getByRole('button', { name: /Desktop open/ })).toBeVisible();

    // Settings shows the same choice.
    await app.getByRole('button', { name: 'Settings' }).click();
    const dialog = app.getByRole('dialog', { name: 'Settings' });
    await expect(dialog.getByLabel(/Start a stopped computer/)).toBeChecked();
    await shoot(app, 'settings');
    await expectAccessible(app);
    await dialog.getByRole('button', { name: 'Close settings' }).click();
    await expect(dialog).toBeHidden();

    // With autoStartComputers on, a stopped computer starts at once: no question.
    await r.getByRole('button', { name: 'Stop computer' }).click();
    await r
      .getByRole('alertdialog', { name: 'Stop gpu-training?' })
      .getByRole('button', { name: 'Stop computer' })
      .click();
    await expect(r.getByTestId('state')).toHaveText(/^Stopping/);
    await world.advance(5_000);
    await expect(r.getByText('Stopped')).toBeVisible();
    const opened = context.waitForEvent('page');
    await r.getByRole('button', { name: 'Open application' }).click();
    await expect(r.getByRole('progressbar')).toBeVisible();
    await expect(r.getByRole('group', { name: /is stopped/ })).toHaveCount(0);
    await world.advance(6_000);
    await expect(r.getByRole('progressbar')).toHaveAttribute('aria-valuetext', /^Setting up the computer/);
    await world.advance(10_000);
    await expect(dcv(await opened)).toHaveAttribute('data-kind', 'app');
  });

  test('a list that missed the stop: the core\'s "stopped" answer becomes the same question', async ({
    app,
    world,
  }) => {
    await waitForFreshList(app);
    const r = row(app, 'stats-rstudio');
    await expect(r.getByText('Running')).toBeVisible();
    // Stopped behind the launcher's back (another tool, the console); its list still says running.
    const other = new LightsailClient({
      region: 'us-east-2',
      endpoint: world.sim.endpoint,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    await other.send(new StopInstanceCommand({ instanceName: 'stats-rstudio' }));
    other.destroy();
    await world.jump(10_000);
    expect(world.sim.computer('us-east-2', 'stats-rstudio')?.state).toBe('stopped');
    await r.getByRole('button', { name: 'Open application' }).click();
    const question = r.getByRole('group', {
      name: 'stats-rstudio is stopped. Start it and open the application?',
    });
    await expect(question).toBeVisible();
    await expect(r.getByRole('alert')).toHaveCount(0);
    await question.getByRole('button', { name: 'Start and open' }).click();
    await expect(r.getByRole('progressbar')).toHaveAttribute('aria-valuetext', /^Starting the computer/);
    await expect(r.getByRole('alert')).toHaveCount(0);
  });

  test('Start computer starts it; disabled actions say why', async ({ app, world }) => {
    await waitForFreshList(app);
    const r = row(app, 'gpu-training');
    await r.getByRole('button', { name: 'Start computer' }).click();
    await expect(r.getByTestId('state')).toHaveText(/^Starting/);
    await world.advance(6_000);
    await expect(r.getByText('Running')).toBeVisible();
    const start = r.getByRole('button', { name: 'Stop session' });
    await expect(start).toHaveAttribute('aria-disabled', 'true');
    await expect(start).toHaveAttribute('title', 'No session is running on this computer.');
    await expect(start).toHaveAccessibleDescription('No session is running on this computer.');
  });
});
