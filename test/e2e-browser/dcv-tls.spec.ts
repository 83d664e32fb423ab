// One full session through the TLS stand-in of DCV (self-signed certificate, as DCV ships):
// trusted once, then both windows, the page's WebSocket, a second display, reconnect and close;
// and a certificate that changes afterwards, which is refused with a warning. The certificate
// decision is the core's (certificate-policy.ts), applied by the browser host's probe
// (electron/browser-host/certificate-probe.ts explains why the context ignores HTTPS errors).
import { expect, row, test, waitForFreshList } from './fixtures.js';

const ID = 'research/us-east-2/genomics-lab';

test.use({
  ignoreHTTPSErrors: true,
  worldOptions: { sim: { dcvTls: true }, certificateAnswer: () => 'trust' },
});

test('a session over TLS: trust the certificate once, both windows, WebSocket, second display, reconnect, close', async ({
  app,
  world,
  context,
}) => {
  await waitForFreshList(app);
  const hostPort = new URL(world.sim.dcv!.origin).host;
  const sha256 = world.sim.dcv!.fingerprint()!;
  const r = row(app, 'genomics-lab');

  const appPage = context.waitForEvent('page');
  await r.getByRole('button', { name: 'Open application' }).click();
  const appWindow = await appPage;
  await expect(appWindow.locator('main#dcv')).toHaveAttribute('data-kind', 'app');
  await expect(appWindow.locator('#dcv-client')).toHaveAttribute('data-ws', 'open');
  expect(new URL(appWindow.url()).origin).toBe(world.sim.dcv!.origin);
  expect(world.certificatePrompts).toEqual([{ why: 'untrusted', hostPort, sha256 }]);
  expect(world.settings.get().certificatePins).toEqual([{ hostPort, sha256 }]);

  // The pin covers the desktop session on the same host:port: no second question.
  const deskPage = context.waitForEvent('page');
  await r.getByRole('button', { name: 'Open desktop' }).click();
  const deskWindow = await deskPage;
  await expect(deskWindow.locator('main#dcv')).toHaveAttribute('data-kind', 'desktop');
  await expect(deskWindow.locator('#dcv-client')).toHaveAttribute('data-ws', 'open');
  expect(world.certificatePrompts).toHaveLength(1);

  // DCV's extra display: a same-origin window.open from the session page.
  const popup = deskWindow.waitForEvent('popup');
  await deskWindow.locator('#dcv-display-2').click();
  const display = await popup;
  await expect(display.locator('#dcv-client')).toHaveAttribute('data-display', '2');
  await expect(display.locator('#dcv-client')).toHaveAttribute('data-ws', 'open');
  await display.close();

  // Reconnect reloads with fresh access details over a page that guards unload.
  await appWindow.locator('#dcv-clipboard').click();
  expect(await world.launcher.reconnect(ID, 'app')).toEqual({ ok: true, value: null });
  expect(world.windows.loads(ID, 'app')).toBe(2);
  await expect(appWindow.locator('#dcv-client')).toHaveAttribute('data-ws', 'open');

  expect(await world.launcher['session:stop'](ID)).toEqual({ ok: true, value: null });
  await expect.poll(() => world.windows.list().length).toBe(0);
});

test.describe('changed', () => {
  test.use({
    worldOptions: {
      sim: { dcvTls: true },
      certificateAnswer: (r) => (r.why === 'untrusted' ? 'trust' : 'cancel'),
    },
  });
  test('a certificate that changes after it was trusted is refused with a warning, and the page is not reloaded', async ({
    app,
    world,
    context,
  }) => {
    await waitForFreshList(app);
    const appPage = context.waitForEvent('page');
    await row(app, 'genomics-lab').getByRole('button', { name: 'Open application' }).click();
    const appWindow = await appPage;
    await expect(appWindow.locator('#dcv-client')).toHaveAttribute('data-ws', 'open');
    const pinned = world.sim.dcv!.fingerprint()!;

    const changed = await world.sim.dcv!.rotateCertificate();
    expect(changed).not.toBe(pinned);
    const res = await world.launcher.reconnect(ID, 'app');
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error.message).toMatch(
      /certificate of 127\.0\.0\.1:\d+ changed since you trusted it/,
    );
    expect(world.certificatePrompts.at(-1)).toMatchObject({ why: 'changed', sha256: changed });
    expect(world.settings.get().certificatePins.map((p) => p.sha256)).toEqual([pinned]);
    expect(world.windows.loads(ID, 'app')).toBe(1);
  });
});
