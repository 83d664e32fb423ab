// The CLI's manage commands as a user runs them: a subprocess against the simulator. The
// simulator's clock stands still unless the test moves it, so "wait until running" is driven by
// the test, not by the machine's speed.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MANAGE_TIMINGS,
  TEST_CREDENTIALS,
  startSimulator,
  type Simulator,
} from '../../electron/simulator/index.js';
import { CLI_BUNDLE, cliEnv } from './cli-bundle.js';

const ROOT = join(import.meta.dirname, '..', '..');
const T = 60_000;

let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'demo', timeScale: 0 });
  dir = mkdtempSync(join(tmpdir(), 'lfr-cli-manage-'));
  writeFileSync(join(dir, 'config'), '[profile research]\nregion = us-east-2\n');
  writeFileSync(
    join(dir, 'credentials'),
    `[research]\naws_access_key_id = ${TEST_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${TEST_CREDENTIALS.secretAccessKey}\n`,
  );
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// Runs the CLI; while it runs, simulated time moves `stepMs` every 50 ms of real time (bounded).
async function cli(args: string[], stepMs = 0): Promise<Run> {
  const env = cliEnv(dir, sim.endpoint, { LFR_POLL_MS: '50' });
  let done = false;
  const run = new Promise<Run>((resolve) => {
    execFile(
      process.execPath,
      [CLI_BUNDLE, ...args],
      { cwd: ROOT, env, timeout: T },
      (err, stdout, stderr) => {
        done = true;
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
      },
    );
  });
  for (let i = 0; stepMs > 0 && !done && i < 1_000; i++) {
    await new Promise((r) => setTimeout(r, 50));
    sim.clock.advance(stepMs);
  }
  return run;
}

describe('cli manage commands', () => {
  it(
    'create waits until the computer runs, with progress on stderr, and it is then listed',
    { timeout: T },
    async () => {
      const r = await cli(
        [
          'create',
          'cli-lab',
          '--app',
          'lfr_jupyterlab_1_0',
          '--plan',
          'app_standard_xl_1_0',
          '--region',
          'us-east-2',
        ],
        5_000,
      );
      expect(r.stderr).toContain('cli-lab: pending');
      expect(r.stderr).toContain('cli-lab: running');
      expect(r.stdout).toContain('cli-lab is running (profile research, us-east-2)');
      expect(r.code).toBe(0);
      expect(sim.computer('us-east-2', 'cli-lab')?.state).toBe('running');
    },
  );

  it('create refuses a bad name before sending, with the rule for names', { timeout: T }, async () => {
    sim.resetCalls();
    const r = await cli([
      'create',
      'bad name',
      '--app',
      'lfr_jupyterlab_1_0',
      '--plan',
      'app_standard_xl_1_0',
      '--region',
      'us-east-2',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Error: "bad name" cannot be a computer name/);
    expect(sim.calls({ operation: 'CreateInstances' })).toBe(0);
  });

  it(
    'snapshot --wait follows it to available; snapshots --json lists it; restore makes a running computer',
    { timeout: T },
    async () => {
      const s = await cli(
        ['snapshot', 'stats-rstudio', '--snapshot-name', 'stats-cli', '--wait', '--region', 'us-east-2'],
        MANAGE_TIMINGS.snapshotMs / 4,
      );
      expect(s.code).toBe(0);
      expect(s.stderr).toMatch(/stats-cli: pending \d+%/);
      expect(s.stdout).toContain('stats-cli is available.');

      const list = await cli(['snapshots', 'stats-rstudio', '--json', '--region', 'us-east-2']);
      expect(list.code).toBe(0);
      const out = JSON.parse(list.stdout) as { snapshots: Record<string, unknown>[]; errors: unknown[] };
      expect(out.errors).toEqual([]);
      expect(out.snapshots).toEqual([
        {
          name: 'stats-cli',
          computer: 'stats-rstudio',
          profile: 'research',
          region: 'us-east-2',
          state: 'available',
          progress: null,
          sizeGb: 50,
          createdAt: expect.stringMatching(/Z$/),
          appId: 'lfr_rstudio_1_0',
          planId: 'app_standard_xl_1_0',
        },
      ]);

      const r = await cli(['restore', 'stats-cli', '--name', 'stats-copy', '--region', 'us-east-2'], 5_000);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('stats-copy: running');
      expect(sim.computer('us-east-2', 'stats-copy')).toMatchObject({
        state: 'running',
        blueprintId: 'lfr_rstudio_1_0',
      });
    },
  );

  it('delete needs --yes, then deletes and names the snapshots that stay', { timeout: T }, async () => {
    const no = await cli(['delete', 'stats-rstudio', '--region', 'us-east-2']);
    expect(no.code).toBe(2);
    expect(no.stderr).toContain('add --yes');
    expect(sim.computer('us-east-2', 'stats-rstudio')).toBeDefined();
    const yes = await cli([
      'delete',
      'stats-rstudio',
      '--yes',
      '--profile',
      'research',
      '--region',
      'us-east-2',
    ]);
    expect(yes.code).toBe(0);
    expect(yes.stdout).toContain('stats-rstudio was deleted');
    expect(yes.stdout).toContain('keep costing until deleted: stats-cli');
    expect(sim.computer('us-east-2', 'stats-rstudio')).toBeUndefined();
  });

  it(
    'delete --with-snapshots deletes the computer, then each of its snapshots, with progress on stderr',
    { timeout: T },
    async () => {
      const { CreateInstanceSnapshotCommand, LightsailClient } = await import('@aws-sdk/client-lightsail');
      const c = new LightsailClient({
        region: 'us-east-2',
        endpoint: sim.endpoint,
        credentials: TEST_CREDENTIALS,
      });
      for (const n of ['copy-a', 'copy-b'])
        await c.send(
          new CreateInstanceSnapshotCommand({ instanceName: 'stats-copy', instanceSnapshotName: n }),
        );
      c.destroy();
      // Still being taken: Lightsail refuses to delete such a snapshot, so nothing is deleted.
      const early = await cli(['delete', 'stats-copy', '--yes', '--with-snapshots', '--region', 'us-east-2']);
      expect(early.code).toBe(1);
      expect(early.stderr).toContain('Nothing was deleted');
      expect(sim.computer('us-east-2', 'stats-copy')).toBeDefined();
      sim.clock.advance(MANAGE_TIMINGS.snapshotMs);
      const r = await cli(['delete', 'stats-copy', '--yes', '--with-snapshots', '--region', 'us-east-2']);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('stats-copy: deleting snapshot 2 of 2');
      expect(r.stdout).toMatch(/Its snapshots were deleted too: copy-[ab], copy-[ab]/);
      expect(sim.computer('us-east-2', 'stats-copy')).toBeUndefined();
      const left = await cli(['snapshots', '--json', '--region', 'us-east-2']);
      const names = (JSON.parse(left.stdout) as { snapshots: { name: string }[] }).snapshots.map(
        (s) => s.name,
      );
      expect(names).not.toContain('copy-a');
      expect(names).not.toContain('copy-b');
      expect(names).toContain('stats-cli');
    },
  );

  it('disks --json lists each disk with its computer and price', { timeout: T }, async () => {
    const { CreateDiskCommand, AttachDiskCommand, LightsailClient } =
      await import('@aws-sdk/client-lightsail');
    const c = new LightsailClient({
      region: 'eu-west-2',
      endpoint: sim.endpoint,
      credentials: TEST_CREDENTIALS,
    });
    await c.send(
      new CreateDiskCommand({ diskName: 'survey-data', availabilityZone: 'eu-west-2a', sizeInGb: 100 }),
    );
    sim.clock.advance(MANAGE_TIMINGS.diskCreateMs);
    await c.send(
      new AttachDiskCommand({
        diskName: 'survey-data',
        instanceName: 'survey-analysis',
        diskPath: '/dev/xvdf',
      }),
    );
    sim.clock.advance(MANAGE_TIMINGS.diskAttachMs);
    c.destroy();
    const r = await cli(['disks', '--json', '--region', 'eu-west-2']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      disks: [
        {
          name: 'survey-data',
          profile: 'research',
          region: 'eu-west-2',
          sizeGb: 100,
          state: 'in-use',
          attachedTo: 'survey-analysis',
          path: '/dev/xvdf',
          pricePerMonth: 10,
          createdAt: expect.stringMatching(/Z$/),
        },
      ],
      errors: [],
    });
  });

  it(
    'cpu --json gives the figures and what the idle rule would have done; the table shows a sparkline',
    { timeout: T },
    async () => {
      const { EnableAddOnCommand, LightsailClient } = await import('@aws-sdk/client-lightsail');
      const c = new LightsailClient({
        region: 'eu-west-2',
        endpoint: sim.endpoint,
        credentials: TEST_CREDENTIALS,
      });
      await c.send(
        new EnableAddOnCommand({
          resourceName: 'climate-scilab',
          addOnRequest: {
            addOnType: 'StopInstanceOnIdle',
            stopInstanceOnIdleRequest: { threshold: '5', duration: '60' },
          },
        }),
      );
      c.destroy();
      // The CLI asks for the last hours of the real clock: line the simulated day up with it.
      sim.clock.advance(Math.max(0, Date.now() - sim.clock.now()));
      sim.setCpuProfile(
        'eu-west-2',
        'climate-scilab',
        Array.from({ length: 24 }, (_, h) => (h % 2 === 0 ? 50 : 1)),
      );
      const r = await cli(['cpu', 'climate-scilab', '--hours', '6', '--json', '--region', 'eu-west-2']);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as {
        points: { at: string; percent: number }[];
        idleRule: unknown;
        idleRulePreview: { stops: string[] };
      };
      expect(out.points.length).toBeGreaterThanOrEqual(60);
      expect(new Set(out.points.map((p) => p.percent))).toEqual(new Set([50, 1]));
      expect(out.idleRule).toEqual({ thresholdPercent: 5, durationMinutes: 60 });
      // Idle hours last exactly 60 minutes: the rule stops at the end of each full idle hour in the window.
      expect(out.idleRulePreview.stops.length).toBeGreaterThanOrEqual(2);
      expect(out.idleRulePreview.stops.every((s) => s.endsWith(':00:00.000Z'))).toBe(true);
      const text = await cli(['cpu', 'climate-scilab', '--hours', '6', '--region', 'eu-west-2']);
      expect(text.stdout).toMatch(/[▁▂▃▄▅▆▇█]{5,}/);
      expect(text.stdout).toMatch(
        /Idle rule \(5 % for 60 min\): Over the last 6 hours this rule would have stopped it/,
      );
    },
  );
});
