// The simulator driven by the real @aws-sdk/client-lightsail, as the app and the AWS CLI drive it.
import {
  CreateGUISessionAccessDetailsCommand,
  type CreateGUISessionAccessDetailsCommandOutput,
  GetBlueprintsCommand,
  GetCostEstimateCommand,
  GetInstanceCommand,
  GetInstanceStateCommand,
  GetInstancesCommand,
  GetRegionsCommand,
  LightsailClient,
  type LightsailClientConfig,
  StartGUISessionCommand,
  StartInstanceCommand,
  StopGUISessionCommand,
  StopInstanceCommand,
  type Instance,
} from '@aws-sdk/client-lightsail';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type FaultSpec,
  type Simulator,
  TEST_CREDENTIALS,
  startSimulator,
} from '../../electron/simulator/index.js';

let sim: Simulator;
const clients: LightsailClient[] = [];

beforeEach(async () => {
  sim = await startSimulator({ seed: 'demo' });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await sim.close();
});

function client(region = 'us-east-2', extra: Partial<LightsailClientConfig> = {}): LightsailClient {
  const c = new LightsailClient({
    endpoint: sim.endpoint,
    region,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
    ...extra,
  });
  clients.push(c);
  return c;
}

async function failure(
  p: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number; fault?: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as {
      name: string;
      message: string;
      $metadata?: { httpStatusCode?: number };
      $fault?: string;
    };
    return {
      name: err.name,
      message: err.message,
      ...(err.$metadata?.httpStatusCode !== undefined ? { status: err.$metadata.httpStatusCode } : {}),
      ...(err.$fault ? { fault: err.$fault } : {}),
    };
  }
  throw new Error('expected the call to fail');
}

// Lightsail's model has no paginator trait, so the SDK has no paginateGetInstances: loop by hand.
async function allInstances(c: LightsailClient): Promise<Instance[]> {
  const out: Instance[] = [];
  let pageToken: string | undefined;
  do {
    const page = await c.send(new GetInstancesCommand(pageToken ? { pageToken } : {}));
    out.push(...(page.instances ?? []));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return out;
}

async function allInstanceNames(c: LightsailClient): Promise<string[]> {
  return (await allInstances(c)).map((i) => i.name!);
}

describe('operations', () => {
  it('GetRegions lists Lightsail regions, with availability zones on request', async () => {
    const plain = await client().send(new GetRegionsCommand({}));
    const names = plain.regions!.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['us-east-2', 'eu-west-2', 'ap-northeast-1']));
    expect(plain.regions!.every((r) => r.availabilityZones!.length === 0)).toBe(true);
    const withAz = await client().send(new GetRegionsCommand({ includeAvailabilityZones: true }));
    expect(withAz.regions!.find((r) => r.name === 'eu-west-2')!.availabilityZones![0]).toEqual({
      zoneName: 'eu-west-2a',
      state: 'available',
    });
  });

  it('GetBlueprints with appCategory LfR returns only research images', async () => {
    const lfr = await client().send(new GetBlueprintsCommand({ appCategory: 'LfR' }));
    const all = await client().send(new GetBlueprintsCommand({}));
    expect(lfr.blueprints!.length).toBeGreaterThanOrEqual(4);
    expect(lfr.blueprints!.every((b) => b.appCategory === 'LfR')).toBe(true);
    expect(lfr.blueprints!.map((b) => b.name)).toEqual(
      expect.arrayContaining(['JupyterLab', 'RStudio', 'VSCodium']),
    );
    expect(all.blueprints!.some((b) => b.blueprintId === 'wordpress' && b.appCategory === undefined)).toBe(
      true,
    );
    // Without appCategory no LfR blueprint is shown, as the API reference says.
    expect(all.blueprints!.some((b) => b.appCategory === 'LfR')).toBe(false);
  });

  it('GetInstances pages with nextPageToken and serves each region from the signature', async () => {
    const first = await client().send(new GetInstancesCommand({}));
    expect(first.instances).toHaveLength(10);
    expect(first.nextPageToken).toEqual(expect.any(String));
    const east = await allInstanceNames(client('us-east-2'));
    expect(east.length).toBeGreaterThan(10);
    expect(new Set(east).size).toBe(east.length);
    const london = await allInstanceNames(client('eu-west-2'));
    expect(london).toContain('survey-analysis');
    expect(london).not.toContain('genomics-notebook');
    expect(await allInstanceNames(client('sa-east-1'))).toEqual([]);
    expect(sim.calls({ operation: 'GetInstances', region: 'us-east-2' })).toBeGreaterThanOrEqual(3);
  });

  it('research computers are told apart from ordinary instances by their LfR blueprint', async () => {
    const lfr = new Set(
      (await client().send(new GetBlueprintsCommand({ appCategory: 'LfR' }))).blueprints!.map(
        (b) => b.blueprintId,
      ),
    );
    const instances = await allInstances(client());
    const research = instances.filter((i) => lfr.has(i.blueprintId!));
    expect(research.map((i) => i.name)).toEqual(
      expect.arrayContaining(['genomics-notebook', 'stats-rstudio', 'model-training-gpu']),
    );
    expect(research.map((i) => i.name)).not.toContain('lab-website');
  });

  it('GetInstance returns the service-model shape (dates, location, state, hardware)', async () => {
    const { instance } = await client().send(new GetInstanceCommand({ instanceName: 'genomics-notebook' }));
    expect(instance).toMatchObject({
      name: 'genomics-notebook',
      resourceType: 'Instance',
      blueprintId: 'lfr_jupyterlab_1_0',
      blueprintName: 'JupyterLab',
      bundleId: 'app_standard_2xl_1_0',
      location: { availabilityZone: 'us-east-2a', regionName: 'us-east-2' },
      state: { code: 16, name: 'running' },
      hardware: { cpuCount: 8, ramSizeInGb: 32 },
    });
    expect(instance!.createdAt).toBeInstanceOf(Date);
    expect(instance!.createdAt!.getTime()).toBeLessThan(Date.now());
    expect(instance!.arn).toMatch(/^arn:aws:lightsail:us-east-2:123456789012:Instance\//);
    expect(instance!.publicIpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('StartInstance and StopInstance move the state through pending and stopping', async () => {
    const c = client();
    const state = async () =>
      (await c.send(new GetInstanceStateCommand({ instanceName: 'model-training-gpu' }))).state!.name;
    expect(await state()).toBe('stopped');
    const started = await c.send(new StartInstanceCommand({ instanceName: 'model-training-gpu' }));
    expect(started.operations![0]).toMatchObject({
      operationType: 'StartInstance',
      resourceName: 'model-training-gpu',
      status: 'Started',
    });
    expect(started.operations![0]!.createdAt).toBeInstanceOf(Date);
    expect(await state()).toBe('pending');
    sim.clock.advance(30_000);
    expect(await state()).toBe('running');
    await c.send(new StopInstanceCommand({ instanceName: 'model-training-gpu' }));
    expect(await state()).toBe('stopping');
    sim.clock.advance(60_000);
    expect(await state()).toBe('stopped');
  });

  it('GetCostEstimate accepts Date bounds and prices the plan', async () => {
    const start = new Date(Date.UTC(2026, 0, 1));
    const end = new Date(Date.UTC(2026, 0, 4));
    const out = await client('eu-west-2').send(
      new GetCostEstimateCommand({ resourceName: 'survey-analysis', startTime: start, endTime: end }),
    );
    const estimate = out.resourcesBudgetEstimate![0]!;
    expect(estimate).toMatchObject({
      resourceName: 'survey-analysis',
      resourceType: 'Instance',
      startTime: start,
      endTime: end,
    });
    const days = estimate.costEstimates![0]!.resultsByTime!;
    expect(days).toHaveLength(3);
    expect(days[0]!.timePeriod!.start).toEqual(start);
    expect(days.every((d) => d.currency === 'USD' && d.usageCost! >= 0)).toBe(true);
  });

  it('GetCostEstimate refuses a start date in the future, as the docs call it a validation error', async () => {
    const now = sim.clock.now();
    const ask = (start: number, end: number) =>
      client('eu-west-2').send(
        new GetCostEstimateCommand({
          resourceName: 'survey-analysis',
          startTime: new Date(start),
          endTime: new Date(end),
        }),
      );
    expect(await failure(ask(now + 86_400_000, now + 2 * 86_400_000))).toMatchObject({
      name: 'InvalidInputException',
      status: 400,
    });
    // A start today with an end later today (the rest of the day) is fine.
    const out = await ask(now - 60_000, now + 86_400_000);
    expect(out.resourcesBudgetEstimate).toHaveLength(1);
  });

  it('StartGUISession on a started session renews its hour by default, and changes nothing in the no-renew mode (option or admin route)', async () => {
    const HOUR = 3_600_000;
    const access = async (name: string) =>
      (await client().send(new CreateGUISessionAccessDetailsCommand({ resourceName: name }))).status;
    for (const renew of [true, false]) {
      const name = `renew-${String(renew)}`;
      sim.addComputer({ region: 'us-east-2', name, state: 'running', session: 'started' });
      const admin = await fetch(`${sim.endpoint}/__sim/behaviour`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ renewStartedSessions: renew }),
      });
      expect(await admin.json()).toEqual({ renewStartedSessions: renew });
      sim.clock.advance(50 * 60_000);
      await client().send(new StartGUISessionCommand({ resourceName: name }));
      sim.clock.advance(20 * 60_000);
      // Seventy minutes after the start: renewed at 50 it is still started; not renewed it ran out.
      expect(await access(name)).toBe(renew ? 'started' : 'startExpired');
      sim.clock.advance(HOUR);
    }
    const started = await startSimulator({ seed: 'empty', renewStartedSessions: false });
    expect(await (await fetch(`${started.endpoint}/__sim/behaviour`)).json()).toEqual({
      renewStartedSessions: false,
    });
    await started.close();
  });

  it('can answer with one session, or sessions without isPrimary', async () => {
    sim.addComputer({ region: 'us-east-2', name: 'one-or-two', state: 'running', session: 'started' });
    const sessions = async () =>
      (await client().send(new CreateGUISessionAccessDetailsCommand({ resourceName: 'one-or-two' })))
        .sessions!;
    expect(await sessions()).toHaveLength(2);
    sim.faults.inject({ kind: 'oneSession', operation: 'CreateGUISessionAccessDetails', times: 1 });
    expect(await sessions()).toEqual([expect.objectContaining({ isPrimary: true })]);
    sim.faults.inject({
      kind: 'sessionsWithoutIsPrimary',
      operation: 'CreateGUISessionAccessDetails',
      times: 1,
    });
    const bare = await sessions();
    expect(bare).toHaveLength(2);
    expect(bare.every((x) => !('isPrimary' in x) && typeof x.url === 'string')).toBe(true);
  });

  it('validates input and reports unknown computers like Lightsail', async () => {
    expect(await failure(client().send(new GetInstanceCommand({ instanceName: 'bad name!' })))).toMatchObject(
      { name: 'InvalidInputException', status: 400 },
    );
    expect(await failure(client().send(new StartGUISessionCommand({ resourceName: 'x' })))).toMatchObject({
      name: 'InvalidInputException',
    });
    expect(
      await failure(client().send(new GetInstanceCommand({ instanceName: 'nobody-here' }))),
    ).toMatchObject({ name: 'NotFoundException', status: 400 });
    expect(
      await failure(client().send(new StartGUISessionCommand({ resourceName: 'model-training-gpu' }))),
    ).toMatchObject({ name: 'InvalidInputException', message: expect.stringMatching(/stopped/) });
  });
});

describe('signatures and accounts', () => {
  it('rejects a wrong secret and an unknown access key as AWS does', async () => {
    const wrong = client('us-east-2', {
      credentials: { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: 'wrong-secret' },
    });
    expect(await failure(wrong.send(new GetRegionsCommand({})))).toMatchObject({
      name: 'InvalidSignatureException',
      status: 403,
    });
    const unknown = client('us-east-2', {
      credentials: { accessKeyId: 'AKIDNOBODYKNOWS1', secretAccessKey: 'x' },
    });
    expect(await failure(unknown.send(new GetRegionsCommand({})))).toMatchObject({
      name: 'UnrecognizedClientException',
      status: 403,
      message: 'The security token included in the request is invalid.',
    });
  });

  it('an extra access key is its own account with its own computers', async () => {
    const other = { accessKeyId: 'AKIDSECONDPROFILE', secretAccessKey: 'second-secret' };
    sim.addAccount({
      ...other,
      seed: {
        computers: [{ region: 'us-east-2', name: 'second-notebook', blueprintId: 'lfr_jupyterlab_1_0' }],
      },
    });
    expect(await allInstanceNames(client('us-east-2', { credentials: other }))).toEqual(['second-notebook']);
    expect(await allInstanceNames(client('us-east-2'))).not.toContain('second-notebook');
    expect(sim.computer('us-east-2', 'second-notebook', other.accessKeyId)?.research).toBe(true);
  });
});

describe('GUI session lifecycle', () => {
  it('notStarted -> settingUpInstance -> starting -> started -> startExpired -> resumed -> stopping -> stopped', async () => {
    const c = client();
    const details = () => c.send(new CreateGUISessionAccessDetailsCommand({ resourceName: 'stats-rstudio' }));
    expect((await details()).status).toBe('notStarted');

    const start = await c.send(new StartGUISessionCommand({ resourceName: 'stats-rstudio' }));
    expect(start.operations![0]).toMatchObject({
      operationType: 'StartGUISession',
      resourceName: 'stats-rstudio',
    });

    const seen: { status: string; pct: number }[] = [];
    let last: CreateGUISessionAccessDetailsCommandOutput;
    for (;;) {
      last = await details();
      seen.push({ status: last.status!, pct: last.percentageComplete! });
      if (last.status === 'started') break;
      expect(last.sessions).toEqual([]);
      sim.clock.advance(6_000);
    }
    const statuses = [...new Set(seen.map((s) => s.status))];
    expect(statuses).toEqual(['settingUpInstance', 'starting', 'started']);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.pct).toBeGreaterThan(seen[i - 1]!.pct);
    expect(last.percentageComplete).toBe(100);
    const startedAt = sim.sessionStartedAt('us-east-2', 'stats-rstudio');
    expect(startedAt).toEqual(expect.any(Number));
    expect(startedAt!).toBeLessThanOrEqual(Date.now());

    const [app, desktop] = last.sessions!;
    expect(app).toMatchObject({ name: 'RStudio', isPrimary: true });
    expect(desktop).toMatchObject({ isPrimary: false });
    expect((await fetch(app!.url!)).status).toBe(200);

    sim.clock.advance(3_600_000);
    const expired = await details();
    expect(expired.status).toBe('startExpired');
    expect(expired.sessions).toEqual([]);
    expect((await fetch(app!.url!)).status).toBe(403);

    await c.send(new StartGUISessionCommand({ resourceName: 'stats-rstudio' }));
    expect((await details()).status).toBe('starting');
    sim.clock.advance(15_000);
    const resumed = await details();
    expect(resumed.status).toBe('started');
    // A resumed session issues new links; the expired one stays dead.
    expect((await fetch(resumed.sessions![0]!.url!)).status).toBe(200);
    expect((await fetch(app!.url!)).status).toBe(403);

    await c.send(new StopGUISessionCommand({ resourceName: 'stats-rstudio' }));
    expect((await details()).status).toBe('stopping');
    expect((await fetch(resumed.sessions![1]!.url!)).status).toBe(403);
    sim.clock.advance(5_000);
    expect((await details()).status).toBe('stopped');
  });

  it('StopInstance ends a running session', async () => {
    const c = client();
    const live = await c.send(
      new CreateGUISessionAccessDetailsCommand({ resourceName: 'genomics-notebook' }),
    );
    expect(live.status).toBe('started');
    await c.send(new StopInstanceCommand({ instanceName: 'genomics-notebook' }));
    expect(
      (await c.send(new CreateGUISessionAccessDetailsCommand({ resourceName: 'genomics-notebook' }))).status,
    ).toBe('stopped');
    expect((await fetch(live.sessions![0]!.url!)).status).toBe(403);
  });
});

describe('stand-in DCV page', () => {
  it('shows the computer and session kind for a good token and refuses wrong, crossed or expired ones', async () => {
    const c = client();
    const first = await c.send(
      new CreateGUISessionAccessDetailsCommand({ resourceName: 'genomics-notebook' }),
    );
    const [app, desktop] = first.sessions!.map((s) => new URL(s.url!));
    expect(app!.origin).toBe(sim.endpoint);
    expect(desktop!.origin).toBe(sim.endpoint);

    const appPage = await fetch(app!);
    const appHtml = await appPage.text();
    expect(appPage.status).toBe(200);
    expect(appPage.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(appHtml).toContain('data-computer="genomics-notebook"');
    expect(appHtml).toContain('data-kind="app"');
    expect(appHtml).toContain('Application session');
    expect(appHtml).toContain('JupyterLab');
    expect(appHtml).not.toMatch(/<script|https?:\/\//);

    const deskHtml = await (await fetch(desktop!)).text();
    expect(deskHtml).toContain('data-kind="desktop"');
    expect(deskHtml).toContain('Desktop session');

    const wrong = new URL(app!);
    wrong.searchParams.set('authToken', 'not-the-token');
    const refused = await fetch(wrong);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Session link expired or invalid');

    // The application's token does not open the desktop.
    const crossed = new URL(desktop!);
    crossed.searchParams.set('authToken', app!.searchParams.get('authToken')!);
    expect((await fetch(crossed)).status).toBe(403);

    // Each call issues fresh tokens; the earlier ones keep working while the session lives.
    const second = await c.send(
      new CreateGUISessionAccessDetailsCommand({ resourceName: 'genomics-notebook' }),
    );
    expect(second.sessions![0]!.url).not.toBe(first.sessions![0]!.url);
    expect((await fetch(app!)).status).toBe(200);

    sim.clock.advance(3_600_000);
    const expired = await fetch(app!);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Session link expired or invalid');
  });
});

describe('fault injection', () => {
  const errorKinds: [FaultSpec['kind'], number, string][] = [
    ['AccessDeniedException', 400, 'client'],
    ['InvalidInputException', 400, 'client'],
    ['NotFoundException', 400, 'client'],
    ['UnauthenticatedException', 400, 'client'],
    ['ThrottlingException', 400, 'client'],
    ['ServiceException', 500, 'server'],
  ];

  for (const [kind, status, fault] of errorKinds) {
    it(`${kind}: the SDK sees that error name and HTTP ${status}`, async () => {
      sim.faults.inject({ kind, operation: 'GetInstances', times: 1, message: `injected ${kind}` });
      expect(await failure(client().send(new GetInstancesCommand({})))).toEqual({
        name: kind,
        message: `injected ${kind}`,
        status,
        fault,
      });
      // Used up: the next call succeeds.
      expect((await client().send(new GetInstancesCommand({}))).instances!.length).toBeGreaterThan(0);
    });
  }

  it('http500: a non-JSON 500 page', async () => {
    sim.faults.inject({ kind: 'http500', times: 1 });
    const err = await failure(client().send(new GetRegionsCommand({})));
    expect(err.status).toBe(500);
  });

  it('malformed: a 200 whose body is not JSON makes the SDK fail to parse', async () => {
    sim.faults.inject({ kind: 'malformed', operation: 'GetInstances', times: 1 });
    const err = await failure(client().send(new GetInstancesCommand({})));
    expect(err.status).toBe(200);
    expect(err.message).toMatch(/JSON|Unterminated|Deserialization/i);
  });

  it('latency: the answer comes no sooner than the added delay', async () => {
    sim.faults.inject({ kind: 'latency', latencyMs: 300, operation: 'GetRegions' });
    const t0 = Date.now();
    await client().send(new GetRegionsCommand({}));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(295);
    // A client with a shorter request timeout gives up.
    const impatient = client('us-east-2', {
      requestHandler: new NodeHttpHandler({ requestTimeout: 100, throwOnRequestTimeout: true }),
    });
    const err = await failure(impatient.send(new GetRegionsCommand({})));
    expect(err.name).toMatch(/Timeout/i);
  });

  it('hang: no answer until the fault is cleared; close() ends hung requests', async () => {
    const id = sim.faults.inject({ kind: 'hang', operation: 'GetInstance' });
    const impatient = client('us-east-2', {
      requestHandler: new NodeHttpHandler({ requestTimeout: 200, throwOnRequestTimeout: true }),
    });
    expect(
      (await failure(impatient.send(new GetInstanceCommand({ instanceName: 'stats-rstudio' })))).name,
    ).toMatch(/Timeout/i);

    const pending = client().send(new GetInstanceCommand({ instanceName: 'stats-rstudio' }));
    let settled = false;
    void pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(settled).toBe(false);
    sim.faults.remove(id);
    expect((await pending).instance!.name).toBe('stats-rstudio');

    sim.faults.inject({ kind: 'hang' });
    const cut = client().send(new GetRegionsCommand({}));
    await new Promise((r) => setTimeout(r, 50));
    await sim.close();
    await expect(cut).rejects.toThrow();
    sim = await startSimulator({ seed: 'empty' }); // for afterEach
  });

  it('failedStartingGUISession and failedInstanceCreation are reported by CreateGUISessionAccessDetails with the reason', async () => {
    for (const kind of ['failedStartingGUISession', 'failedInstanceCreation'] as const) {
      const c = client();
      await c.send(new StartGUISessionCommand({ resourceName: 'thesis-vscodium' }));
      sim.faults.inject({
        kind,
        computer: 'thesis-vscodium',
        failureReason: `${kind} because of test`,
        times: 1,
      });
      const out = await c.send(new CreateGUISessionAccessDetailsCommand({ resourceName: 'thesis-vscodium' }));
      expect(out).toMatchObject({ status: kind, failureReason: `${kind} because of test`, sessions: [] });
      // It stays failed until the session is started again.
      expect(
        (await c.send(new CreateGUISessionAccessDetailsCommand({ resourceName: 'thesis-vscodium' }))).status,
      ).toBe(kind);
    }
  });

  it('applies per region and per operation only', async () => {
    sim.faults.inject({ kind: 'AccessDeniedException', region: 'eu-west-2' });
    sim.faults.inject({ kind: 'ServiceException', operation: 'GetBlueprints' });
    expect((await failure(client('eu-west-2').send(new GetInstancesCommand({})))).name).toBe(
      'AccessDeniedException',
    );
    expect((await client('us-east-2').send(new GetInstancesCommand({}))).instances!.length).toBeGreaterThan(
      0,
    );
    expect(
      (await failure(client('us-east-2').send(new GetBlueprintsCommand({ appCategory: 'LfR' })))).name,
    ).toBe('ServiceException');
    sim.faults.clear();
    expect((await client('eu-west-2').send(new GetInstancesCommand({}))).instances!.length).toBeGreaterThan(
      0,
    );
  });

  it('can be set and cleared over HTTP for out-of-process use', async () => {
    const post = await fetch(`${sim.endpoint}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'ThrottlingException', operation: 'GetRegions' }),
    });
    expect(post.status).toBe(200);
    expect((await failure(client().send(new GetRegionsCommand({})))).name).toBe('ThrottlingException');
    expect((await fetch(`${sim.endpoint}/__sim/faults`, { method: 'DELETE' })).status).toBe(200);
    expect((await client().send(new GetRegionsCommand({}))).regions!.length).toBeGreaterThan(0);
  });
});
