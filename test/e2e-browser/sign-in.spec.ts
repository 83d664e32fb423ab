// Sign in from the launcher: an sso-session profile whose sign-in is missing, the real AWS
// environment over temp AWS files with SSO OIDC and the portal at the simulator, Sign in, the
// code shown, Approve on the stand-in page the "system browser" opened, and its computers list
// with no restart. Nothing the renderer receives carries a token.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_SSO_CONFIG } from '../fixtures/sso-lab.js';
import { SCREENSHOTS, expect, listedNames, openLauncher, row, test } from './fixtures.js';

const CONFIG = LAB_SSO_CONFIG;

test.use({ worldOptions: { aws: { config: CONFIG }, sim: { sso: { intervalSec: 1 } } } });

test('a profile needing sign-in: Sign in, the code, Approve in the browser, and its computers list without a restart', async ({
  page,
  world,
}) => {
  // Everything the renderer gets: answers to its calls and the events of its stream.
  const received: string[] = [];
  page.on('response', async (r) => {
    if (new URL(r.url()).pathname.startsWith('/ipc/')) received.push(await r.text().catch(() => ''));
  });
  await page.addInitScript(() => {
    // Typed without the DOM lib (this file compiles for Node): the page's EventSource, loosely.
    type Listener = (e: { data: string }) => void;
    const g = globalThis as unknown as {
      __events: string[];
      EventSource: { prototype: { addEventListener(type: string, l: Listener, o?: unknown): void } };
    };
    g.__events = [];
    const proto = g.EventSource.prototype;
    const add = proto.addEventListener;
    proto.addEventListener = function (this: unknown, type: string, listener: Listener, o?: unknown) {
      add.call(this, type, (e) => void g.__events.push(e.data), o);
      add.call(this, type, listener, o);
    };
  });
  await openLauncher(page, world.host.url);

  const group = page.locator('[role="rowgroup"][data-group="profile:research-sso"]');
  const panel = group.locator('[data-signin="session:lab"]');
  await expect(panel).toContainText('needs sign-in');
  await expect(panel).toContainText('research-sso');
  // The panel replaces the "run aws sso login" note.
  await expect(group.getByText('aws sso login')).toHaveCount(0);
  expect(await listedNames(page)).toEqual([]);

  const opened = page.context().waitForEvent('page');
  await panel.getByRole('button', { name: 'Sign in' }).click();
  const code = panel.locator('[data-user-code]');
  await expect(code).toBeVisible();
  const userCode = await code.getAttribute('data-user-code');
  expect(userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
  await expect(panel).toContainText('waiting for you to approve');
  await expect(panel.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await expect(panel.getByRole('button', { name: /Copy/ }).first()).toBeVisible();
  await panel.screenshot({ path: join(SCREENSHOTS, 'sign-in-panel.png') });
  await page.screenshot({ path: join(SCREENSHOTS, 'sign-in-waiting.png') });

  // The "system browser": the stand-in approval page shows the same code.
  const browser = await opened;
  await expect(browser.locator('#user-code')).toHaveText(userCode!);
  await browser.getByRole('button', { name: 'Approve' }).click();
  await expect(browser.locator('#decision')).toHaveAttribute('data-decision', 'approved');
  // The launcher asks for its token every second (the device code's interval) while the user waits.
  await world.advance(2_000);

  await expect(row(page, 'genomics-lab')).toBeVisible({ timeout: 20_000 });
  await expect(row(page, 'survey-analysis')).toBeVisible();
  await expect(page.locator('[data-signin]')).toHaveCount(0);
  expect(world.browserPages).toHaveLength(1);
  // A confirmation says until when, and where the profile's computers are listed.
  const signedIn = page.getByRole('status', { name: 'Signed in to sso-session lab' });
  await expect(signedIn).toContainText(/until \d\d:\d\d/);
  await expect(signedIn).toContainText(
    'Profile research-sso: 4 computers listed under its own group, “research-sso”.',
  );

  // The launcher wrote the token where the AWS CLI keeps it; none of it reached the renderer.
  const cacheDir = join(process.env.HOME!, '.aws', 'sso', 'cache');
  const cached = readdirSync(cacheDir).map(
    (f) => JSON.parse(readFileSync(join(cacheDir, f), 'utf8')) as Record<string, string>,
  );
  const secrets = cached
    .flatMap((c) => [c.accessToken, c.refreshToken, c.clientSecret])
    .filter((x): x is string => !!x);
  expect(secrets.length).toBeGreaterThan(0);
  const events = await page.evaluate(() => (globalThis as unknown as { __events: string[] }).__events);
  const all = [...received, ...events].join('\n');
  expect(events.some((e) => e.includes(userCode!))).toBe(true);
  for (const s of secrets) expect(all).not.toContain(s);
  expect(all).not.toMatch(/accessToken|refreshToken|clientSecret|sessionToken|secretAccessKey/);
});

test.describe('profiles from a start URL', () => {
  test.use({ worldOptions: { aws: { config: '# my config\n' }, sim: { sso: { intervalSec: 1 } } } });

  test('no profiles: sign in to a start URL, pick a role, and its computers list at once', async ({
    page,
    world,
  }) => {
    await openLauncher(page, world.host.url);
    await expect(page.getByRole('heading', { name: 'No AWS profiles found' })).toBeVisible();
    await page.getByRole('button', { name: 'Add profiles from IAM Identity Center' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add profiles from IAM Identity Center' });
    await dialog.getByLabel('Start URL').fill('https://class.awsapps.com/start');
    const opened = page.context().waitForEvent('page');
    await dialog.getByRole('button', { name: 'Sign in and list accounts' }).click();
    // The modal hides the list, so the code shows in the dialog too.
    const userCode = await page.locator('dialog [data-user-code]').getAttribute('data-user-code');
    const browser = await opened;
    await expect(browser.locator('#user-code')).toHaveText(userCode!);
    await browser.getByRole('button', { name: 'Approve' }).click();
    await expect(browser.locator('#decision')).toHaveAttribute('data-decision', 'approved');
    // The launcher asks for its token every second (the device code's interval) while the user waits.
    await world.advance(2_000);

    await dialog.getByLabel('Add Research LightsailResearcher').check();
    await page.screenshot({ path: join(SCREENSHOTS, 'sign-in-add-profiles.png') });
    await dialog.getByRole('button', { name: 'Add to AWS config' }).click();
    await expect(dialog.locator('[data-added]')).toHaveAttribute(
      'data-added',
      'research-lightsailresearcher',
    );
    await dialog.getByRole('button', { name: 'Done' }).click();

    await expect(row(page, 'genomics-lab')).toBeVisible({ timeout: 20_000 });
    const config = readFileSync(join(process.env.HOME!, 'config'), 'utf8');
    expect(config.startsWith('# my config\n')).toBe(true);
    expect(config).toMatch(/\[sso-session class\][\s\S]*\[profile research-lightsailresearcher\]/);
  });
});
