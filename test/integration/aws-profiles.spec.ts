// The AWS environment over real profile files, with the real SDK providers and client, against
// the simulator: every way of pointing a profile at an endpoint, and credentials per profile.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetInstancesCommand } from '@aws-sdk/client-lightsail';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAwsEnvironment, type AwsEnvironment } from '../../electron/core/environment.js';
import { toLauncherError } from '../../electron/core/errors.js';
import { startSimulator, TEST_CREDENTIALS, type Simulator } from '../../electron/simulator/index.js';

let sim: Simulator;
let home: string;
let env: AwsEnvironment | undefined;
const KEYS = `aws_access_key_id = ${TEST_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${TEST_CREDENTIALS.secretAccessKey}\n`;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'demo' });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'lfr-env-'));
  await mkdir(join(home, '.aws'));
});
afterEach(async () => {
  await env?.dispose();
  env = undefined;
  sim.resetCalls();
  await rm(home, { recursive: true, force: true });
});

async function files(config: string, credentials = '') {
  await writeFile(join(home, '.aws', 'config'), config);
  await writeFile(join(home, '.aws', 'credentials'), credentials);
}

const open = (vars: Record<string, string> = {}) =>
  (env = createAwsEnvironment({ env: vars, homedir: home, clientOptions: { maxAttempts: 1 } }));

async function names(e: AwsEnvironment, profile: string, region = 'us-east-2') {
  const out = await e.clients.client(profile, region).send(new GetInstancesCommand({}));
  return (out.instances ?? []).map((i) => i.name);
}

describe('createAwsEnvironment against the simulator', () => {
  it("a profile's endpoint_url and static keys from the credentials file", async () => {
    await files(`[profile sim]\nregion = us-east-2\nendpoint_url = ${sim.endpoint}\n`, `[sim]\n${KEYS}`);
    const e = open();
    const profiles = await e.profiles.list();
    expect(profiles).toEqual([
      expect.objectContaining({ name: 'sim', kind: 'static', region: 'us-east-2', diagnostics: [] }),
    ]);
    expect(await names(e, 'sim')).toContain('genomics-notebook');
    expect(sim.calls({ operation: 'GetInstances', accessKeyId: TEST_CREDENTIALS.accessKeyId })).toBe(1);
  });

  it('a [services] section with a lightsail endpoint_url', async () => {
    await files(
      `[profile svc]\nservices = local\n${KEYS}[services local]\nlightsail =\n  endpoint_url = ${sim.endpoint}\n`,
    );
    expect(await names(open(), 'svc', 'eu-west-2')).toContain('survey-analysis');
  });

  it('AWS_ENDPOINT_URL_LIGHTSAIL and AWS_ENDPOINT_URL passed in the environment', async () => {
    await files(`[default]\n${KEYS}`);
    expect(await names(open({ AWS_ENDPOINT_URL_LIGHTSAIL: sim.endpoint }), 'default')).toContain(
      'genomics-notebook',
    );
    await env!.dispose();
    expect(await names(open({ AWS_ENDPOINT_URL: sim.endpoint }), 'default')).toContain('genomics-notebook');
    expect(sim.calls({ operation: 'GetInstances' })).toBe(2);
  });

  it('credential_process credentials reach the simulator', async () => {
    const script = join(home, 'creds.mjs');
    await writeFile(
      script,
      `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: '${TEST_CREDENTIALS.accessKeyId}', SecretAccessKey: '${TEST_CREDENTIALS.secretAccessKey}' }));`,
    );
    await files(
      `[profile proc]\ncredential_process = "${process.execPath}" "${script}"\nendpoint_url = ${sim.endpoint}\n`,
    );
    const e = open();
    expect((await e.profiles.list())[0]).toMatchObject({ name: 'proc', kind: 'credential-process' });
    expect(await names(e, 'proc')).toContain('genomics-notebook');
  });

  it('a [profile __proto__] section does not stop the other profiles of the file from working', async () => {
    await files(
      `[profile __proto__]\nregion = us-east-1\n[profile sim]\nendpoint_url = ${sim.endpoint}\n${KEYS}`,
    );
    const e = open();
    const profiles = await e.profiles.list();
    expect(profiles.map((p) => p.name)).toEqual(['__proto__', 'sim']);
    expect(profiles[0]!.diagnostics[0]).toMatchObject({ line: 1, severity: 'error' });
    expect(await names(e, 'sim')).toContain('genomics-notebook');
  });

  it('new keys take effect after invalidate, without a restart', async () => {
    await files(`[profile sim]\nendpoint_url = ${sim.endpoint}\n${KEYS}`);
    const e = open();
    expect(await names(e, 'sim')).toContain('genomics-notebook');
    await files(
      `[profile sim]\nendpoint_url = ${sim.endpoint}\naws_access_key_id = ${TEST_CREDENTIALS.accessKeyId}\naws_secret_access_key = wrong\n`,
    );
    // cached until the user asks for a refresh
    expect(await names(e, 'sim')).toContain('genomics-notebook');
    e.profiles.invalidate('sim');
    const err = await names(e, 'sim').catch((x: unknown) => x);
    expect(toLauncherError(err, { profile: 'sim' })).toMatchObject({
      kind: 'unauthenticated',
      profile: 'sim',
    });
  });

  it('accepts loopback http session URLs only when LFR_ALLOW_LOOPBACK=1', async () => {
    await files('');
    expect(open()).toMatchObject({ allowLoopbackHttp: false, demo: false });
    await env!.dispose();
    expect(open({ LFR_ALLOW_LOOPBACK: '1' }).allowLoopbackHttp).toBe(true);
  });
});
