// The fault matrix: the real SDK, through the project's client factory, against the simulator
// injecting each fault a hostile or broken network can produce; each row asserts what the user
// sees and how long it takes. Each world (listing, sessions) runs on one virtual clock that the
// simulator, the deadlines and the engine read, and that moves on only while no request is in
// flight: the deadlines are the real defaults, and the times asserted are virtual, so they
// mean the same on any machine. The README's "Reliability" table is this file.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LauncherFailure } from '../../electron/core/errors.js';
import { GuiSessionEngine, POLLING, type EngineProgress } from '../../electron/core/gui-session.js';
import {
  createClientFactory,
  DEFAULT_CALL_DEADLINE_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type LightsailClientFactory,
} from '../../electron/core/lightsail-client.js';
import {
  DEFAULT_SCOPE_DEADLINE_MS,
  discoverComputers,
  type DiscoveryResult,
} from '../../electron/core/virtual-computers.js';
import {
  generateComputers,
  startSimulator,
  TEST_CREDENTIALS,
  type FaultSpec,
  type Simulator,
} from '../../electron/simulator/index.js';
import { createVirtualClock } from '../fixtures/virtual-clock.js';

/** The real defaults, on the listing world's virtual clock (the socket idle timeout is real time). */
const SCOPE_MS = DEFAULT_SCOPE_DEADLINE_MS;
const CALL_MS = DEFAULT_CALL_DEADLINE_MS;
const IDLE_MS = DEFAULT_REQUEST_TIMEOUT_MS;
/** For rows that end by themselves: a deadline they must not need. */
const GENEROUS_MS = 10 * 60_000;
/** The listing world's clock: the simulator, the call and scope deadlines read it. */
const clock = createVirtualClock();
const REGION = 'eu-west-2';
const OTHER = 'us-east-2';

let sim: Simulator;
let clients: LightsailClientFactory;
/** The same with a generous per-call deadline, for rows that end by themselves. */
let slowClients: LightsailClientFactory;

/** Clients on the listing world's clock, their requests tracked so it moves on only between them. */
function factory(endpoint: string, extra: { callDeadlineMs?: number } = {}): LightsailClientFactory {
  const inner = createClientFactory({
    clock,
    credentialsFor: () => async () => TEST_CREDENTIALS,
    env: {},
    endpoint,
    maxAttempts: 3,
    connectionTimeoutMs: IDLE_MS,
    requestTimeoutMs: IDLE_MS,
    callDeadlineMs: extra.callDeadlineMs ?? CALL_MS,
  });
  return { ...inner, client: (profile, region) => clock.trackClient(inner.client(profile, region)) };
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'empty', pageSize: 5, clock: clock.simulator });
  for (const region of [REGION, OTHER]) {
    for (let i = 0; i < 7; i++)
      sim.addComputer({ region, name: `${region}-pc-${i}`, blueprintId: 'lfr_jupyterlab_1_0' });
  }
  clients = factory(sim.endpoint);
  slowClients = factory(sim.endpoint, { callDeadlineMs: GENEROUS_MS });
  await sweep([]);
});
afterEach(() => sim.faults.clear());
afterAll(async () => {
  clients.dispose();
  slowClients.dispose();
  await sim.close();
});

/** One sweep of two regions with the fault injected; what the user sees, and when. */
async function sweep(
  faults: FaultSpec[],
  opts: { scopeDeadlineMs?: number; clients?: LightsailClientFactory } = {},
): Promise<DiscoveryResult & { ms: number; scopeMs: Record<string, number> }> {
  for (const f of faults) sim.faults.inject(f);
  const t0 = clock.now();
  const scopeMs: Record<string, number> = {};
  const result = await clock.run(
    discoverComputers({
      profiles: ['lab'],
      regions: () => [REGION, OTHER],
      clients: opts.clients ?? clients,
      clock,
      scopeDeadlineMs: opts.scopeDeadlineMs ?? SCOPE_MS,
      onScope: (s) => (scopeMs[s.region] = clock.now() - t0),
    }),
  );
  return { ...result, ms: clock.now() - t0, scopeMs };
}

const inRegion = (f: Omit<FaultSpec, 'region'>): FaultSpec => ({ ...f, region: REGION });

describe('fault matrix: listing', () => {
  it.each<[string, Omit<FaultSpec, 'region'>, RegExp, string]>([
    [
      'a throttling storm',
      { kind: 'ThrottlingException', operation: 'GetInstances' },
      /limiting requests \(profile lab, eu-west-2\)/,
      'throttled',
    ],
    [
      '500s',
      { kind: 'http500', operation: 'GetInstances' },
      /HTTP 500\) \(profile lab, eu-west-2\)/,
      'service',
    ],
    [
      'a malformed body',
      { kind: 'malformed', operation: 'GetInstances' },
      /could not be read \(profile lab, eu-west-2\)/,
      'service',
    ],
    [
      'a truncated body',
      { kind: 'truncated', operation: 'GetInstances' },
      /Could not reach Lightsail \(profile lab, eu-west-2\)/,
      'network',
    ],
    [
      'a page-token loop',
      { kind: 'repeatPageToken', operation: 'GetInstances' },
      /same page of computers again/,
      'service',
    ],
    [
      'a page-token loop in GetBlueprints',
      { kind: 'repeatPageToken', operation: 'GetBlueprints' },
      /same page of blueprints again/,
      'service',
    ],
  ])('%s: that region shows the error, the other lists', async (_name, fault, message, kind) => {
    // Generous deadline: these end by themselves (the SDK's own retries), well before it.
    const out = await sweep([inRegion(fault)], { scopeDeadlineMs: GENEROUS_MS, clients: slowClients });
    expect(out.computers.map((c) => c.region)).toEqual(Array(7).fill(OTHER));
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatchObject({ profile: 'lab', region: REGION, error: { kind } });
    expect(out.errors[0]!.error.message).toMatch(message);
    expect(out.errors[0]!.error.message).not.toMatch(/\$response|hidden field/);
    expect(out.ms).toBeLessThan(GENEROUS_MS);
  });

  it('a page-token loop costs two calls, not hundreds a second', async () => {
    sim.resetCalls();
    await sweep([inRegion({ kind: 'repeatPageToken', operation: 'GetInstances' })]);
    expect(sim.calls({ operation: 'GetInstances', region: REGION })).toBe(2);
  });

  it.each<[string, Omit<FaultSpec, 'region'>]>([
    ['a hang', { kind: 'hang', operation: 'GetInstances' }],
    [
      'a trickle (one byte every 20 ms: the idle timeout never trips)',
      { kind: 'trickle', operation: 'GetInstances', intervalMs: 20 },
    ],
    ['a hanging GetBlueprints', { kind: 'hang', operation: 'GetBlueprints' }],
  ])('%s: that region shows a timeout at its deadline, the other lists at once', async (_name, fault) => {
    const out = await sweep([inRegion(fault)], { clients: slowClients });
    expect(out.errors).toEqual([
      {
        profile: 'lab',
        region: REGION,
        error: expect.objectContaining({ kind: 'timeout', retryable: true }),
      },
    ]);
    expect(out.errors[0]!.error.message).toMatch(/no complete answer for 30 s \(profile lab, eu-west-2\)/);
    expect(out.computers).toHaveLength(7);
    // The healthy region is published long before the broken one's deadline…
    expect(out.scopeMs[OTHER]!).toBeLessThan(SCOPE_MS);
    // …and the broken one right at it, not later.
    expect(out.scopeMs[REGION]!).toBeGreaterThanOrEqual(SCOPE_MS * 0.95);
    expect(out.scopeMs[REGION]!).toBeLessThan(SCOPE_MS * 3);
  });

  it('a trickle is cut by the per-call deadline too (start, stop and state calls have no scope)', async () => {
    sim.faults.inject(inRegion({ kind: 'trickle', operation: 'GetInstanceState', intervalMs: 20 }));
    const { GetInstanceStateCommand } = await import('@aws-sdk/client-lightsail');
    const t0 = clock.now();
    const err: unknown = await clock.run(
      clients
        .client('lab', REGION)
        .send(new GetInstanceStateCommand({ instanceName: `${REGION}-pc-0` }))
        .catch((e: unknown) => e),
    );
    const ms = clock.now() - t0;
    expect(err).toMatchObject({ name: 'TimeoutError' });
    expect(ms).toBeGreaterThanOrEqual(CALL_MS * 0.95);
    expect(ms).toBeLessThan(CALL_MS * 3);
  });

  it('the caller’s own abort still reads as cancelled, not as a timeout', async () => {
    sim.faults.inject(inRegion({ kind: 'hang', operation: 'GetInstanceState' }));
    const { GetInstanceStateCommand } = await import('@aws-sdk/client-lightsail');
    const err: unknown = await clients
      .client('lab', REGION)
      .send(new GetInstanceStateCommand({ instanceName: `${REGION}-pc-0` }), {
        abortSignal: AbortSignal.timeout(50),
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AbortError' });
  });

  it('bad timestamps, a missing name and a duplicate are dropped or mended; the region still lists', async () => {
    const out = await sweep([
      inRegion({ kind: 'badTimestamp', operation: 'GetInstances', computer: `${REGION}-pc-1` }),
      inRegion({ kind: 'missingName', operation: 'GetInstances', computer: `${REGION}-pc-2` }),
      inRegion({ kind: 'duplicateName', operation: 'GetInstances', computer: `${REGION}-pc-3` }),
    ]);
    expect(out.errors).toEqual([]);
    const here = out.computers.filter((c) => c.region === REGION).map((c) => c.name);
    expect(here).toEqual([0, 1, 3, 4, 5, 6].map((i) => `${REGION}-pc-${i}`));
    expect(out.computers.find((c) => c.name === `${REGION}-pc-1`)!.createdAt).toBeUndefined();
    expect(out.warnings.map((w) => w.message).sort()).toEqual([
      'A computer was left out: an instance without a name.',
      `Lightsail listed ${REGION}-pc-3 twice; the second one is left out.`,
      `${REGION}-pc-1 has an impossible creation date; it is shown without one.`,
    ]);
    expect(out.warnings.every((w) => w.profile === 'lab' && w.region === REGION)).toBe(true);
  });

  it('a 5 MB error message reaches the user as at most 2 KB', async () => {
    const out = await sweep(
      [
        inRegion({
          kind: 'AccessDeniedException',
          operation: 'GetInstances',
          message: 'denied '.repeat(750_000),
        }),
      ],
      { scopeDeadlineMs: GENEROUS_MS, clients: slowClients },
    );
    expect(out.errors[0]!.error.kind).toBe('access-denied');
    expect(out.errors[0]!.error.message.length).toBeLessThanOrEqual(2048);
  });

  // A hundred real requests: on a machine busy with other work they can take longer than the
  // project's 30 s test timeout, which is no fault of the launcher's.
  it('10,000 instances in one region list completely, in pages', { timeout: 180_000 }, async () => {
    const big = await startSimulator({
      port: 0,
      seed: { computers: generateComputers({ count: 10_000, regions: [REGION] }) },
      pageSize: 100,
      clock: clock.simulator,
    });
    const bigClients = factory(big.endpoint);
    try {
      // On the world's clock, which no one moves here: the default deadlines hold however slow
      // the machine is (its speed is test/bench/discovery.bench.ts's business).
      const t0 = performance.now();
      const out = await discoverComputers({
        profiles: ['lab'],
        regions: () => [REGION],
        clients: bigClients,
        clock,
      });
      const ms = performance.now() - t0;
      expect(out.errors).toEqual([]);
      expect(out.computers.length).toBe(8_000);
      expect(new Set(out.computers.map((c) => c.id)).size).toBe(8_000);
      expect(big.calls({ operation: 'GetInstances' })).toBeLessThanOrEqual(101);
      console.log(`[fault-matrix] 10,000 instances (8,000 research), 100 pages: ${Math.round(ms)} ms`);
    } finally {
      bigClients.dispose();
      await big.close();
    }
  });
});

describe('fault matrix: session setup', () => {
  // The simulator and the engine on one virtual clock, which moves on whenever no request is in flight.
  const clock = createVirtualClock();
  let ssim: Simulator;
  let sclients: LightsailClientFactory;
  let n = 0;

  const engine = (timeoutMs?: number) =>
    new GuiSessionEngine({ clock, allowLoopbackHttp: true, ...(timeoutMs ? { timeoutMs } : {}) });
  const computer = () => {
    const name = `s-computer-${++n}`;
    ssim.addComputer({ region: REGION, name, blueprintId: 'lfr_jupyterlab_1_0', state: 'running' });
    return name;
  };
  /** Open a session with the faults; outcome, progress and virtual duration. */
  async function open(faults: (name: string) => FaultSpec[], timeoutMs?: number) {
    const name = computer();
    for (const f of faults(name)) ssim.faults.inject(f);
    const events: EngineProgress[] = [];
    ssim.resetCalls();
    const t0 = ssim.clock.now();
    const outcome = await clock
      .run(
        engine(timeoutMs).open(name, clock.trackClient(sclients.client('lab', REGION)), {
          name,
          startComputer: false,
          onProgress: (e) => events.push(e),
        }),
      )
      .then(
        (urls) => ({ urls, error: undefined }),
        (err: unknown) => ({
          urls: undefined,
          error: err instanceof LauncherFailure ? err.detail : undefined,
        }),
      );
    return { ...outcome, events, virtualMs: ssim.clock.now() - t0, name };
  }

  beforeAll(async () => {
    ssim = await startSimulator({ port: 0, seed: 'empty', clock: clock.simulator, sessionSetupMs: 20_000 });
    // One attempt per call: the engine's own retries (on the virtual clock) are what is measured.
    sclients = createClientFactory({
      credentialsFor: () => async () => TEST_CREDENTIALS,
      env: {},
      endpoint: ssim.endpoint,
      maxAttempts: 1,
      callDeadlineMs: GENEROUS_MS,
    });
  });
  afterEach(() => ssim.faults.clear());
  afterAll(async () => {
    sclients.dispose();
    await ssim.close();
  });

  it('missing URLs: a clear error with Retry once the session is ready, never a wrong window', async () => {
    const out = await open(() => [
      { kind: 'missingSessionUrls', operation: 'CreateGUISessionAccessDetails' },
    ]);
    expect(out.urls).toBeUndefined();
    expect(out.error).toMatchObject({ kind: 'session-failed', name: 'MissingSessionUrls', retryable: true });
    expect(out.error!.message).toMatch(/returned no session address/);
    expect(out.virtualMs).toBeLessThan(60_000);
  });

  it.each<[string, FaultSpec['kind'], string]>([
    ['two primary sessions', 'twoPrimarySessions', 'every-primary'],
    ['no primary session', 'noPrimarySession', 'no-primary'],
    ['sessions without isPrimary', 'sessionsWithoutIsPrimary', 'no-primary'],
    ['one session', 'oneSession', 'one-session'],
  ])(
    '%s: the first session opens as the application, the desktop unavailable with its reason (never a guessed desktop)',
    async (_n, kind, why) => {
      const out = await open(() => [{ kind, operation: 'CreateGUISessionAccessDetails' }]);
      expect(out.error).toBeUndefined();
      expect(out.urls).toMatchObject({ desktopUnavailable: why });
      expect(out.urls!.desktop).toBeUndefined();
      expect(await (await fetch(out.urls!.app.url)).text()).toContain('data-kind="app"');
    },
  );

  it('StartGUISession refused with InvalidInputException: the status read 3 more times (bounded), then the refusal, never a second start', async () => {
    const out = await open((name) => [
      {
        kind: 'InvalidInputException',
        operation: 'StartGUISession',
        computer: name,
        times: 1,
        message: 'The GUI session is already being started.',
      },
    ]);
    expect(out.urls).toBeUndefined();
    expect(out.error).toMatchObject({ kind: 'invalid-input', name: 'InvalidInputException' });
    // open() resets the call counts first.
    expect(ssim.calls({ operation: 'StartGUISession' })).toBe(1);
    // Bounded by count, not by time (the scaled clock follows the machine's speed).
    expect(ssim.calls({ operation: 'CreateGUISessionAccessDetails' })).toBe(
      1 + POLLING.afterRefusedStartPolls,
    );
  });

  it.each([100, 150])(
    'stuck at %d percent while starting: polled at most every 2 s, then the overall timeout',
    async (percentage) => {
      const out = await open(
        (name) => [{ kind: 'sessionStatus', computer: name, status: 'starting', percentage }],
        60_000,
      );
      expect(out.error).toMatchObject({ kind: 'timeout', name: 'SessionTimeout', retryable: true });
      expect(out.virtualMs).toBeGreaterThanOrEqual(60_000);
      expect(out.virtualMs).toBeLessThan(70_000);
      expect(ssim.calls({ operation: 'CreateGUISessionAccessDetails' })).toBeLessThanOrEqual(
        60_000 / POLLING.atFullMs + 3,
      );
      expect(Math.max(...out.events.map((e) => e.percentage))).toBe(100);
    },
  );

  it('percentage going backwards: the bar never goes back, and the session opens', async () => {
    const out = await open((name) => [{ kind: 'sessionStatus', computer: name, percentage: 3, times: 3 }]);
    // The first answers say 3 %; later ones the truth: the bar only rises.
    expect(out.urls).toBeDefined();
    const pcts = out.events.map((e) => e.percentage);
    expect(pcts).toEqual([...pcts].sort((a, b) => a - b));
  });

  it.each<[string, FaultSpec]>([
    ['a hang', { kind: 'hang', operation: 'CreateGUISessionAccessDetails' }],
    ['a trickle', { kind: 'trickle', operation: 'CreateGUISessionAccessDetails', intervalMs: 20 }],
  ])('the service going silent (%s): "stopped answering" within 60 s, with Retry', async (_n, fault) => {
    const out = await open(() => [fault]);
    expect(out.error).toMatchObject({ kind: 'timeout', name: 'SessionServiceSilent', retryable: true });
    // 60 s (plus the polls before the silence began).
    expect(out.virtualMs).toBeLessThanOrEqual(60_000 + 5_000);
    expect(out.virtualMs).toBeGreaterThanOrEqual(55_000);
    expect(out.events.at(-1)).toMatchObject({ phase: 'failed' });
  });

  it('a throttling storm during setup ends with the throttling message within the budget', async () => {
    const out = await open(() => [
      { kind: 'ThrottlingException', operation: 'CreateGUISessionAccessDetails' },
    ]);
    expect(out.error).toMatchObject({ kind: 'throttled', retryable: true });
    expect(out.virtualMs).toBeLessThanOrEqual(65_000);
  });
});
