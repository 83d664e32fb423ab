// Sign-in through the launcher facade, as the renderer drives it: a profile needing sign-in,
// Sign in, approval in the browser, and its computers list without a restart. It runs once the
// facade composes the sign-in (signInHandlers/attachSignIn, see sso-sign-in.ts) and says so until then.
import { LAB_SSO_CONFIG } from '../fixtures/sso-lab.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createAwsEnvironment } from '../../electron/core/environment.js';
import { createLauncher } from '../../electron/core/launcher.js';
import { createMemorySettings } from '../../electron/core/memory-settings.js';
import { systemClock } from '../../electron/core/ports.js';
import type { SignInState } from '../../electron/shared/models.js';
import { startSimulator } from '../../electron/simulator/index.js';

it('a profile needing sign-in: Sign in, approve, and its computers list without a restart', async (ctx) => {
  const sim = await startSimulator({ seed: 'demo', sso: { intervalSec: 1 } });
  const dir = mkdtempSync(join(tmpdir(), 'lfr-facade-'));
  // The SDK's SSO provider finds the token cache under the process's HOME.
  const oldHome = process.env.HOME;
  process.env.HOME = dir;
  ctx.onTestFinished(() => {
    process.env.HOME = oldHome;
  });
  writeFileSync(join(dir, 'config'), LAB_SSO_CONFIG);
  const opened: string[] = [];
  const env = createAwsEnvironment({
    env: {
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
      AWS_ENDPOINT_URL_LIGHTSAIL: sim.endpoint,
    },
    homedir: dir,
    ssoClientConfig: { endpoint: sim.endpoint },
    openExternal: async (url) => {
      opened.push(url);
      sim.sso.approve(new URL(url).searchParams.get('user_code')!);
    },
  });
  const launcher = createLauncher({
    env,
    windows: {
      open: async () => {},
      focus: () => false,
      close: () => {},
      list: () => [],
      onChange: () => () => {},
    },
    notifier: { notify: () => {} },
    settings: createMemorySettings({ regions: ['us-east-2'] }),
    clock: systemClock,
    version: 'test',
    platform: 'linux',
    createDemoEnvironment: async () => {
      throw new Error('not in this test');
    },
  });
  if (typeof (launcher as unknown as Record<string, unknown>)['signin:start'] !== 'function') {
    await launcher.dispose();
    await sim.close();
    ctx.skip('the facade does not compose the sign-in yet');
  }
  const states: SignInState[] = [];
  launcher.on('signin:changed', (s) => states.push(s));
  const before = await launcher['computers:refresh']();
  expect(before.errors[0]?.error.kind).toBe('sign-in-required');
  expect((await launcher['signin:list']()).entries[0]).toMatchObject({
    id: 'session:lab',
    status: 'needs-sign-in',
  });
  const r = await launcher['signin:start']({ profile: 'research-sso' });
  expect(r).toEqual({ ok: true, value: null });
  await expect
    .poll(async () => (await launcher['computers:list']({})).computers.length, { timeout: 10_000 })
    .toBeGreaterThan(0);
  expect(states.some((s) => s.entries.some((e) => e.prompt?.userCode))).toBe(true);
  expect(JSON.stringify(states)).not.toMatch(/accessToken/);
  await launcher.dispose();
  await sim.close();
});
