// The CLI as a user runs it: a subprocess (the built dist/cli/cli.js) reading temp AWS config/credentials files with
// two profiles, pointed at the simulator with AWS_ENDPOINT_URL_LIGHTSAIL.
import { execFile, spawn } from 'node:child_process';
import { GetInstancesCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { parse as parseIni } from 'ini';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CREDENTIALS, startSimulator, type Simulator } from '../../electron/simulator/index.js';
import { addLabAccount, LAB } from '../fixtures/lab-account.js';
import { CLI_BUNDLE, cliEnv } from './cli-bundle.js';

const ROOT = join(import.meta.dirname, '..', '..');
// A guard against a CLI that hangs, not a speed claim: each run starts Node and loads the CLI,
// which on a machine busy with other work can take many seconds.
const T = 180_000;

let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'demo' });
  addLabAccount(sim);
  dir = mkdtempSync(join(tmpdir(), 'lfr-cli-'));
  writeFileSync(
    join(dir, 'config'),
    '[profile research]\nregion = us-east-2\n\n[profile lab]\nregion = us-west-2\n',
  );
  writeFileSync(
    join(dir, 'credentials'),
    `[research]\naws_access_key_id = ${TEST_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${TEST_CREDENTIALS.secretAccessKey}\n\n` +
      `[lab]\naws_access_key_id = ${LAB.accessKeyId}\naws_secret_access_key = ${LAB.secretAccessKey}\n`,
  );
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => sim.faults.clear());

/** A CLI argument, or extra environment variables for the run. */
type Arg = string | Record<string, string>;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...argsAndEnv: Arg[]): Promise<Run> {
  const args = argsAndEnv.filter((a): a is string => typeof a === 'string');
  const extra = argsAndEnv.find((a): a is Record<string, string> => typeof a !== 'string') ?? {};
  // Test mode: the simulator's session pages are http on loopback.
  const env = cliEnv(dir, sim.endpoint, { LFR_ALLOW_LOOPBACK: '1', ...extra });
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI_BUNDLE, ...args],
      { cwd: ROOT, env, timeout: T },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `open genomics-notebook --kind KIND [--profile P] --region us-east-2`, then the rest. */
const openNotebookAs = (profile: string | undefined, kind: 'app' | 'desktop', ...rest: Arg[]) =>
  cli(
    'open',
    'genomics-notebook',
    '--kind',
    kind,
    ...(profile ? ['--profile', profile] : []),
    '--region',
    'us-east-2',
    ...rest,
  );
/** The same through the research profile. */
const openNotebook = (kind: 'app' | 'desktop', ...rest: Arg[]) => openNotebookAs('research', kind, ...rest);

describe('cli', () => {
  it('lists both profiles as stable JSON', { timeout: T }, async () => {
    const r = await cli('profiles', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { profiles: Record<string, unknown>[] };
    expect(out.profiles.map((p) => p.name).sort()).toEqual(['lab', 'research']);
    const research = out.profiles.find((p) => p.name === 'research')!;
    expect(Object.keys(research).sort()).toEqual([
      'diagnostics',
      'isDefault',
      'kind',
      'name',
      'region',
      'sources',
    ]);
    expect(research).toMatchObject({ kind: 'static', region: 'us-east-2', diagnostics: [] });
  });

  it(
    'lists the research computers of both profiles as stable JSON, ordinary instances left out',
    { timeout: T },
    async () => {
      const r = await cli('computers', '--json');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as { computers: Record<string, unknown>[]; errors: unknown[] };
      expect(out.errors).toEqual([]);
      const ids = out.computers.map((c) => c.id);
      expect(ids).toContain('research/us-east-2/genomics-notebook');
      expect(ids).toContain('research/ap-northeast-1/tokyo-notebook');
      expect(ids).toContain('lab/us-west-2/lab-notebook');
      expect(ids).not.toContain('lab/us-west-2/lab-web');
      expect(ids).not.toContain('research/us-east-2/lab-website');
      const c = out.computers.find((x) => x.id === 'research/us-east-2/genomics-notebook')!;
      expect(Object.keys(c).sort()).toEqual([
        'app',
        'arn',
        'cost',
        'createdAt',
        'id',
        'idleRule',
        'name',
        'plan',
        'profile',
        'reachedThrough',
        'region',
        'sessionExpiresAt',
        'sessionStatus',
        'state',
      ]);
      expect(c).toMatchObject({
        name: 'genomics-notebook',
        profile: 'research',
        region: 'us-east-2',
        state: 'running',
        app: { id: 'lfr_jupyterlab_1_0' },
        plan: { id: 'app_standard_2xl_1_0' },
      });
      expect(c).toMatchObject({
        idleRule: null,
        sessionStatus: 'started',
        sessionExpiresAt: null,
        cost: { monthToDateUsd: expect.any(Number), asOf: expect.any(String) },
      });
      // Running since creation (days ago) on a $60.32 plan: it has cost something this month.
      expect((c['cost'] as { monthToDateUsd: number }).monthToDateUsd).toBeGreaterThan(0);
      expect(r.stdout).not.toContain('authToken');
    },
  );

  describe('one row per computer across profiles', () => {
    // A third profile into the research account: the same computers, reached twice.
    let both: string;
    beforeAll(() => {
      both = mkdtempSync(join(tmpdir(), 'lfr-cli-two-'));
      writeFileSync(
        join(both, 'config'),
        '[profile research]\nregion = us-east-2\n\n[profile research-too]\nregion = us-east-2\n',
      );
      const keys = `aws_access_key_id = ${TEST_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${TEST_CREDENTIALS.secretAccessKey}\n`;
      writeFileSync(join(both, 'credentials'), `[research]\n${keys}\n[research-too]\n${keys}`);
    });
    afterAll(() => rmSync(both, { recursive: true, force: true }));
    const files = () => ({
      AWS_CONFIG_FILE: join(both, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(both, 'credentials'),
    });

    it(
      'two profiles into one account: each computer is listed once, with its arn and every profile that reaches it',
      { timeout: T },
      async () => {
        const r = await cli('computers', '--json', '--region', 'us-east-2', files());
        expect(r.code).toBe(0);
        const out = JSON.parse(r.stdout) as {
          computers: { arn: string | null; name: string; profile: string; reachedThrough: string[] }[];
        };
        const arns = out.computers.map((c) => c.arn);
        expect(arns.every((a) => typeof a === 'string' && a.startsWith('arn:'))).toBe(true);
        expect(new Set(arns).size).toBe(arns.length);
        const names = out.computers.map((c) => c.name);
        expect(new Set(names).size).toBe(names.length);
        const g = out.computers.find((c) => c.name === 'genomics-notebook')!;
        expect(g).toMatchObject({ profile: 'research', reachedThrough: ['research', 'research-too'] });

        const table = await cli('computers', '--region', 'us-east-2', files());
        expect(table.stdout.split('\n').filter((l) => l.startsWith('genomics-notebook '))).toHaveLength(1);
      },
    );

    it('open NAME needs no --profile when the name is one computer by ARN', { timeout: T }, async () => {
      const r = await openNotebookAs(undefined, 'app', '--print-url', files());
      expect(r.stderr).not.toContain('More than one');
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toMatch(/\/dcv\/us-east-2\/genomics-notebook\/app\?authToken=/);
    });
  });

  describe('credentials from environment variables, as in the AWS CLI', () => {
    const envKeys = {
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    };
    const noFiles = () => ({
      AWS_CONFIG_FILE: join(dir, 'missing-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'missing-credentials'),
    });

    it(
      "with no profile at all, lists through the environment's credentials (the profile named env)",
      { timeout: T },
      async () => {
        const r = await cli('computers', '--json', '--region', 'us-east-2', { ...noFiles(), ...envKeys });
        expect(r.code).toBe(0);
        const out = JSON.parse(r.stdout) as { computers: { name: string; profile: string }[] };
        expect(out.computers.find((c) => c.name === 'genomics-notebook')).toMatchObject({ profile: 'env' });
        const profiles = JSON.parse(
          (await cli('profiles', '--json', { ...noFiles(), ...envKeys })).stdout,
        ) as { profiles: { name: string; isDefault: boolean }[] };
        expect(profiles.profiles).toEqual([expect.objectContaining({ name: 'env', isDefault: true })]);
      },
    );

    it('--profile env opens through them beside the file profiles', { timeout: T }, async () => {
      const r = await openNotebookAs('env', 'desktop', '--print-url', envKeys);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toMatch(/\/dcv\/us-east-2\/genomics-notebook\/desktop\?authToken=/);
    });
  });

  it("shows a computer's idle-stop rule in computers --json", { timeout: T }, async () => {
    const { EnableAddOnCommand, LightsailClient } = await import('@aws-sdk/client-lightsail');
    const client = new LightsailClient({
      region: 'us-east-2',
      endpoint: sim.endpoint,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    await client.send(
      new EnableAddOnCommand({
        resourceName: 'stats-rstudio',
        addOnRequest: {
          addOnType: 'StopInstanceOnIdle',
          stopInstanceOnIdleRequest: { threshold: '4', duration: '45' },
        },
      }),
    );
    client.destroy();
    const r = await cli('computers', '--json', '--profile', 'research', '--region', 'us-east-2');
    const out = JSON.parse(r.stdout) as { computers: { name: string; idleRule: unknown }[] };
    expect(out.computers.find((x) => x.name === 'stats-rstudio')!.idleRule).toEqual({
      thresholdPercent: 4,
      durationMinutes: 45,
    });
  });

  it('narrows to one profile and region, as a table', { timeout: T }, async () => {
    const r = await cli('computers', '--profile', 'lab', '--region', 'us-west-2');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+STATE\s+APP/);
    expect(r.stdout).toMatch(/lab-notebook\s+running\s+JupyterLab/);
    expect(r.stdout).not.toContain('genomics-notebook');
  });

  it('reports a denied region in the JSON while the rest still list', { timeout: T }, async () => {
    sim.faults.inject({ kind: 'AccessDeniedException', operation: 'GetInstances', region: 'eu-west-2' });
    const r = await cli('computers', '--json', '--profile', 'research');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      computers: { id: string }[];
      errors: { profile: string; region: string | null; error: Record<string, unknown> }[];
    };
    expect(out.errors).toEqual([
      {
        profile: 'research',
        region: 'eu-west-2',
        error: expect.objectContaining({
          name: 'AccessDeniedException',
          kind: 'access-denied',
          retryable: false,
          command: null,
          nextStep: expect.any(String),
        }),
      },
    ]);
    expect(out.computers.map((c) => c.id)).toContain('research/us-east-2/genomics-notebook');
  });

  it('fails with the message and next step when nothing can be listed', { timeout: T }, async () => {
    sim.faults.inject({ kind: 'AccessDeniedException', operation: 'GetInstances' });
    const r = await cli('computers', '--region', 'us-east-2');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/research us-east-2: Access denied/);
    expect(r.stderr).toMatch(/Ask your administrator/);
  });

  it('opens a session and prints its URL only when asked, progress on stderr', { timeout: T }, async () => {
    const r = await cli('open', 'genomics-notebook', '--kind', 'desktop', '--print-url');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/genomics-notebook: .*\d+%/);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const url = new URL(lines[0]!);
    expect(url.origin).toBe(new URL(sim.endpoint).origin);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('genomics-notebook');

    const quiet = await openNotebook('app');
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toContain(`ready at ${new URL(sim.endpoint).origin}`);
    expect(quiet.stdout + quiet.stderr).not.toContain(url.pathname);
    expect(quiet.stdout + quiet.stderr).not.toMatch(/[?#]/);
  });

  it(
    'writes a DCV connection file with --dcv-file, 0600, with exactly the documented keys',
    { timeout: T },
    async () => {
      const file = join(dir, 'session.dcv');
      const r = await openNotebook('desktop', '--dcv-file', file);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`wrote the DCV connection file ${file}`);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const ini = parseIni(readFileSync(file, 'utf8'));
      expect(Object.keys(ini)).toEqual(['version', 'connect']);
      expect(ini.version).toEqual({ format: '1.0' });
      expect(Object.keys(ini.connect).sort()).toEqual(['authtoken', 'host', 'port', 'sessionid']);
      expect(ini.connect.host).toBe('127.0.0.1');
      expect(ini.connect.authtoken).not.toBe('');
      rmSync(file);
    },
  );

  it(
    'opens the session in the DCV client with --client, and leaves no connection file behind',
    { timeout: T },
    async () => {
      // A stand-in dcvviewer on the PATH that keeps a copy of what it was given to read.
      const bin = mkdtempSync(join(tmpdir(), 'lfr-dcvviewer-'));
      const seen = join(bin, 'seen.dcv');
      writeFileSync(join(bin, 'dcvviewer'), `#!/bin/sh\necho "$1" > "${seen}.path"\ncp "$1" "${seen}"\n`, {
        mode: 0o755,
      });
      const r = await openNotebook('app', '--client', {
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        LFR_DCV_READ_WINDOW_MS: '500',
      });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('opened the application session in the DCV client');
      expect(readFileSync(seen, 'utf8')).toMatch(/\[connect\][\s\S]*authtoken=\S+/);
      expect(existsSync(readFileSync(`${seen}.path`, 'utf8').trim())).toBe(false);
      rmSync(bin, { recursive: true, force: true });
    },
  );

  it('says why --client cannot open the session when there is no DCV client', { timeout: T }, async () => {
    const r = await openNotebook('app', '--client', { PATH: '/nonexistent' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/dcvviewer is not on the PATH/);
  });

  it(
    'checks the --dcv-file target and the DCV client before it sets up a session, and speaks in CLI terms',
    { timeout: T },
    async () => {
      const file = join(dir, 'taken.dcv');
      writeFileSync(file, 'mine');
      sim.resetCalls();
      const taken = await openNotebook('desktop', '--dcv-file', file);
      expect(taken.code).toBe(1);
      expect(taken.stderr).toContain(`${file} already exists`);
      expect(taken.stderr).toContain('--dcv-file');
      expect(taken.stderr).not.toMatch(/EEXIST|Show logs/);
      expect(readFileSync(file, 'utf8')).toBe('mine');
      const noClient = await openNotebook('app', '--client', { PATH: '/nonexistent' });
      expect(noClient.code).toBe(1);
      expect(
        sim.calls({ operation: 'StartGUISession' }) +
          sim.calls({ operation: 'CreateGUISessionAccessDetails' }),
      ).toBe(0);
      rmSync(file);
    },
  );

  it('refuses a plain-http session address outside demo and test mode', { timeout: T }, async () => {
    const r = await openNotebook('app', '--print-url', { LFR_ALLOW_LOOPBACK: '' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/not https/);
  });

  it('explains a name that does not exist and a stopped computer', { timeout: T }, async () => {
    const missing = await cli('open', 'no-such-computer', '--kind', 'app', '--region', 'us-east-2');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Error: No virtual computer named no-such-computer');
    expect(missing.stderr).toContain('Next step: Run "computers"');

    const stopped = await cli(
      'open',
      'model-training-gpu',
      '--kind',
      'app',
      '--profile',
      'research',
      '--region',
      'us-east-2',
    );
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/model-training-gpu is stopped/);
    expect(stopped.stderr).toContain('--start');
  });

  it('says how to get started when there is no AWS profile at all', { timeout: T }, async () => {
    const r = await cli('computers', {
      AWS_CONFIG_FILE: join(dir, 'missing-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'missing-credentials'),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No AWS profiles found');
    expect(r.stderr).toContain('aws configure');
    expect(r.stderr).toContain('--demo');
  });

  it('refuses bad usage with exit code 2 and the help', { timeout: T }, async () => {
    const r = await cli('open', 'genomics-notebook');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--kind app or --kind desktop');
    expect(r.stderr).toContain('Usage: npm run cli');
    const unknown = await cli('computers', '--colour');
    expect(unknown.code).toBe(2);
  });

  it('runs against the built-in demo with --demo', { timeout: T }, async () => {
    const r = await cli('--demo', 'computers', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { computers: { profile: string }[] };
    expect(new Set(out.computers.map((c) => c.profile))).toEqual(new Set(['demo', 'demo-lab']));
  });

  it('runs a simulator that an SDK client can talk to, until interrupted', { timeout: T }, async () => {
    const child = spawn(process.execPath, [CLI_BUNDLE, 'simulator', '--port', '0'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    try {
      let out = '';
      const endpoint = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', () => reject(new Error(`simulator exited: ${out}`)));
      });
      expect(out).toContain(TEST_CREDENTIALS.accessKeyId);
      const client = new LightsailClient({ region: 'us-east-2', endpoint, credentials: TEST_CREDENTIALS });
      const page = await client.send(new GetInstancesCommand({}));
      expect(page.instances?.map((i) => i.name)).toContain('genomics-notebook');
      client.destroy();
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
