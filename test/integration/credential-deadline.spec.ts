// A hung credential source (a credential_process waiting on a prompt no one sees) against the
// real SDK and the simulator: an error on its profile at the deadline, the other profiles
// listed meanwhile, the child killed, and the next refresh starting afresh.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAwsEnvironment, type AwsEnvironment } from '../../electron/core/environment.js';
import { discoverComputers, type ScopeResult } from '../../electron/core/virtual-computers.js';
import { startSimulator, TEST_CREDENTIALS, type Simulator } from '../../electron/simulator/index.js';
import { manualClock } from '../fixtures/manual-clock.js';
import { eventually } from '../fixtures/eventually.js';

let sim: Simulator;
let home: string;
let env: AwsEnvironment | undefined;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'demo' });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'lfr-credwait-'));
  await mkdir(join(home, '.aws'));
});
afterEach(async () => {
  await env?.dispose();
  env = undefined;
  await rm(home, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('a credential_process that never answers', () => {
  it('is an error on its profile at the deadline, the other profile lists meanwhile, and the next refresh starts afresh', async () => {
    const script = join(home, 'creds.mjs');
    const pidFile = join(home, 'pid');
    const release = join(home, 'release');
    // Hangs (as on an unseen prompt) until the test creates `release`.
    await writeFile(
      script,
      `import { existsSync, writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
if (existsSync(${JSON.stringify(release)})) process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: '${TEST_CREDENTIALS.accessKeyId}', SecretAccessKey: '${TEST_CREDENTIALS.secretAccessKey}' }));
else setInterval(() => {}, 1000);
`,
    );
    const keys = `aws_access_key_id = ${TEST_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${TEST_CREDENTIALS.secretAccessKey}\n`;
    await writeFile(
      join(home, '.aws', 'config'),
      `[profile hung]\ncredential_process = "${process.execPath}" "${script}"\n[profile fine]\n${keys}`,
    );
    const clock = manualClock();
    env = createAwsEnvironment({
      env: {},
      homedir: home,
      clock,
      clientOptions: { endpoint: sim.endpoint, maxAttempts: 1 },
    });
    const scopes: ScopeResult[] = [];
    const sweep = () =>
      discoverComputers({
        profiles: ['hung', 'fine'],
        regions: () => ['us-east-2'],
        clients: env!.clients,
        onScope: (s) => scopes.push(s),
      });

    const first = sweep();
    await eventually(
      () => existsSync(pidFile) && scopes.some((s) => s.profile === 'fine'),
      'the child started and the other profile listed',
    );
    const pid = Number(readFileSync(pidFile, 'utf8'));
    // The other profile is listed while the hung one still waits, and nothing is reported for it yet.
    expect(scopes.find((s) => s.profile === 'fine')!.computers.map((c) => c.name)).toContain(
      'genomics-notebook',
    );
    expect(scopes.some((s) => s.profile === 'hung')).toBe(false);
    expect(alive(pid)).toBe(true);

    clock.advance(25_000);
    const result = await first;
    expect(result.errors).toEqual([
      {
        profile: 'hung',
        error: expect.objectContaining({
          kind: 'no-credentials',
          profile: 'hung',
          retryable: true,
          message: expect.stringMatching(/credential_process did not answer in 25 s/),
        }),
      },
    ]);
    // The helper is not left running.
    await eventually(() => !alive(pid), 'the credential_process was killed');

    // The next refresh runs the helper again rather than joining the stuck fetch.
    await writeFile(release, '');
    const second = await sweep();
    expect(second.errors).toEqual([]);
    expect(second.computers.filter((c) => c.profile === 'hung').map((c) => c.name)).toContain(
      'genomics-notebook',
    );
  });
});
