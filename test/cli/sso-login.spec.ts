// `login` and `logout` as a user runs them: a subprocess signing in to the simulator's IAM
// Identity Center (AWS_ENDPOINT_URL_SSO_OIDC / AWS_ENDPOINT_URL_SSO), approved through the
// simulator's admin route, then the profile lists computers; logout signs it out again.
import { LAB_SSO_CONFIG } from '../fixtures/sso-lab.js';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenCachePath } from '../../electron/core/sso-token-cache.js';
import { startSimulator, type Simulator } from '../../electron/simulator/index.js';
import { CLI_BUNDLE, cliEnv } from './cli-bundle.js';

const ROOT = join(import.meta.dirname, '..', '..');
const T = 60_000;
let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'demo', sso: { intervalSec: 1 } });
  dir = mkdtempSync(join(tmpdir(), 'lfr-cli-sso-'));
  writeFileSync(join(dir, 'config'), LAB_SSO_CONFIG);
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function childEnv(): Record<string, string> {
  return cliEnv(dir, sim.endpoint, {
    AWS_ENDPOINT_URL_SSO_OIDC: sim.endpoint,
    AWS_ENDPOINT_URL_SSO: sim.endpoint,
  });
}

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI_BUNDLE, ...args],
      { cwd: ROOT, env: childEnv(), timeout: T },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

/** Start `login`, wait for it to print the code, then hand it to `act`. */
function login(
  act: (code: string, child: ReturnType<typeof spawn>) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [CLI_BUNDLE, 'login', '--profile', 'research-sso', '--no-browser'],
      { cwd: ROOT, env: childEnv() },
    );
    let stdout = '';
    let stderr = '';
    let acted = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const code = /\n {2}([A-Z]{4}-[A-Z]{4})\n/.exec(stdout)?.[1];
      if (code && !acted) {
        acted = true;
        act(code, child);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), T - 5_000);
    child.on('exit', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
  });
}

describe('cli login / logout', () => {
  it(
    'login prints the URL and code, waits for approval, and the profile then lists computers; logout signs out',
    { timeout: T * 2 },
    async () => {
      const r = await login((code) => {
        void fetch(`${sim.endpoint}/__sim/sso/approve`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ userCode: code }),
        });
      });
      expect(r.stderr).toContain('Waiting for you to approve');
      expect(r.stdout).toMatch(
        new RegExp(`To sign in, open:\\n  ${sim.endpoint}/start/device\\?user_code=[A-Z]{4}-[A-Z]{4}\\n`),
      );
      expect(r.stdout).toContain('Signed in to sso-session lab (profiles: research-sso)');
      expect(r.code).toBe(0);
      expect(statSync(tokenCachePath(dir, 'lab')).mode & 0o777).toBe(0o600);

      const listed = await cli('computers', '--json', '--profile', 'research-sso', '--region', 'us-east-2');
      expect(listed.code).toBe(0);
      expect((JSON.parse(listed.stdout) as { computers: unknown[] }).computers.length).toBeGreaterThan(0);

      const out = await cli('logout', '--profile', 'research-sso');
      expect(out.code).toBe(0);
      expect(out.stdout).toContain('Signed out');
      expect(existsSync(tokenCachePath(dir, 'lab'))).toBe(false);
      const after = await cli('computers', '--json', '--profile', 'research-sso', '--region', 'us-east-2');
      expect(
        (JSON.parse(after.stdout) as { errors: { error: { kind: string } }[] }).errors[0]?.error.kind,
      ).toBe('sign-in-required');
    },
  );

  it('Ctrl-C while waiting cancels the sign-in (exit 130) and writes no token', { timeout: T }, async () => {
    const r = await login((_code, child) => child.kill('SIGINT'));
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('Cancelled.');
    expect(existsSync(tokenCachePath(dir, 'lab'))).toBe(false);
  });

  it('login without --profile is a usage error', { timeout: T }, async () => {
    const r = await cli('login');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('login needs --profile P.');
  });
});
