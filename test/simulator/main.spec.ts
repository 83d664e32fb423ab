// The `npm run simulator` entry: starts, prints how to use it, stops cleanly on a signal.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('simulator CLI', () => {
  it('prints its endpoint, the test credentials and AWS CLI use, serves, and exits 0 on SIGINT', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/simulator/main.ts', '--port', '0', '--quiet', '--scale', '60'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let out = '';
      const endpoint = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m && out.includes('Ctrl+C')) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
      });
      expect(out).toContain('AKIDLFRSIMULATOR');
      expect(out).toContain('lfr-simulator-secret');
      expect(out).toContain(`AWS_ENDPOINT_URL_LIGHTSAIL=${endpoint}`);
      const state = (await (await fetch(`${endpoint}/__sim/state`)).json()) as {
        clock: { scale: number };
        accounts: { computers: unknown[] }[];
      };
      expect(state.clock.scale).toBe(60);
      expect(state.accounts[0]!.computers.length).toBeGreaterThan(5);
      const code = await new Promise<number | null>((resolve) => {
        child.on('exit', (c) => resolve(c));
        child.kill('SIGINT');
      });
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 20_000);

  it('--sso-auto-approve approves every device sign-in at once and prints the SSO endpoints', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/simulator/main.ts', '--port', '0', '--quiet', '--sso-auto-approve'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let out = '';
      const endpoint = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m && out.includes('Ctrl+C')) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
      });
      expect(out).toContain(`AWS_ENDPOINT_URL_SSO_OIDC=${endpoint} AWS_ENDPOINT_URL_SSO=${endpoint}`);
      const post = async (path: string, body: unknown) =>
        (
          await fetch(`${endpoint}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
        ).json() as Promise<Record<string, string>>;
      const reg = await post('/client/register', { clientName: 't', clientType: 'public' });
      const dev = await post('/device_authorization', {
        clientId: reg.clientId,
        clientSecret: reg.clientSecret,
        startUrl: 'https://x/start',
      });
      const tok = await post('/token', {
        clientId: reg.clientId,
        clientSecret: reg.clientSecret,
        grantType: 'urn:ietf:params:oauth:grant-type:device_code',
        deviceCode: dev.deviceCode,
      });
      expect(tok.accessToken).toBeTruthy();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 20_000);

  it('explains a bad option and exits 2', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/simulator/main.ts', '--seed', 'galaxy'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/--seed must be demo or empty/);
    expect(err).toContain('Usage: npm run simulator');
  }, 20_000);
});
