// The engine against a small scripted Lightsail (a fake client whose answers follow fake time),
// driven by vitest's fake timers through the real systemClock.
import type { LightsailClient } from '@aws-sdk/client-lightsail';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LauncherFailure } from '../../electron/core/errors.js';
import {
  GuiSessionEngine,
  nextPollDelay,
  POLLING,
  type EngineProgress,
} from '../../electron/core/gui-session.js';
import { systemClock } from '../../electron/core/ports.js';

type Power = 'running' | 'stopped' | 'stopping' | 'pending';

interface FakeOptions {
  power?: Power;
  session?: 'notStarted' | 'started' | 'startExpired' | 'stopped' | 'stopping';
  setupMs?: number;
  instanceStartMs?: number;
  failOnStart?: { status: string; reason: string };
  urls?: { name: string; url: string; isPrimary?: boolean }[];
}

class FakeError extends Error {
  constructor(
    name: string,
    readonly $metadata: { httpStatusCode: number } = { httpStatusCode: 400 },
  ) {
    super(name);
    this.name = name;
  }
}

/** A scripted Lightsail for one computer; its state follows Date.now() (faked). */
class FakeLightsail {
  calls: { op: string; t: number }[] = [];
  power: { state: Power; since: number };
  session: { kind: 'idle'; status: string } | { kind: 'setup'; since: number; resume: boolean };
  failure?: { status: string; reason: string };
  /** Errors to throw from the next calls of an operation. */
  errors: Record<string, Error[]> = {};
  hang = new Set<string>();
  /** Operations whose every attempt takes 20 s, then fails with a TimeoutError. */
  slowTimeout = new Set<string>();
  /** Fields forced into every CreateGUISessionAccessDetails answer. */
  access_override?: Record<string, unknown>;
  startedAt?: number;
  /** Called when a queued error is thrown (another client acting at that moment, say). */
  onError?: (op: string) => void;

  constructor(private readonly o: FakeOptions = {}) {
    this.power = { state: o.power ?? 'running', since: Date.now() };
    this.session =
      o.session === 'started'
        ? { kind: 'setup', since: Date.now() - this.setupMs, resume: false }
        : { kind: 'idle', status: o.session ?? 'notStarted' };
    if (o.session === 'stopping') this.session = { kind: 'idle', status: 'stopping' };
  }

  get setupMs(): number {
    return this.o.setupMs ?? 60_000;
  }

  count(op: string): number {
    return this.calls.filter((c) => c.op === op).length;
  }

  private powerNow(): Power {
    const start = this.o.instanceStartMs ?? 30_000;
    if (this.power.state === 'pending' && Date.now() >= this.power.since + start)
      this.power = { state: 'running', since: this.power.since + start };
    if (this.power.state === 'stopping' && Date.now() >= this.power.since + 5_000)
      this.power = { state: 'stopped', since: this.power.since + 5_000 };
    return this.power.state;
  }

  private access(): Record<string, unknown> {
    if (this.failure)
      return { status: this.failure.status, percentageComplete: 0, failureReason: this.failure.reason };
    const s = this.session;
    if (s.kind === 'idle') {
      if (s.status === 'stopping' && this.calls[0] && Date.now() - this.calls[0].t >= 5_000)
        this.session = { kind: 'idle', status: 'stopped' };
      return { status: (this.session as { status: string }).status, percentageComplete: 0 };
    }
    const share = (Date.now() - s.since) / this.setupMs;
    if (share >= 1) {
      this.startedAt ??= s.since + this.setupMs;
      const urls = this.o.urls ?? [
        { name: 'jupyter-app', url: 'https://10.0.0.5:8443/?authToken=app-token#app', isPrimary: true },
        {
          name: 'jupyter-desktop',
          url: 'https://10.0.0.5:8443/?authToken=desk-token#desk',
          isPrimary: false,
        },
      ];
      return { status: 'started', percentageComplete: 100, sessions: urls };
    }
    return {
      status: s.resume || share >= 0.4 ? 'starting' : 'settingUpInstance',
      percentageComplete: Math.min(99, Math.floor(share * 100)),
    };
  }

  readonly client = {
    send: (
      cmd: { constructor: { name: string }; input: Record<string, unknown> },
      opts?: { abortSignal?: AbortSignal },
    ) => {
      const op = cmd.constructor.name.replace(/Command$/, '');
      this.calls.push({ op, t: Date.now() });
      const queued = this.errors[op]?.shift();
      if (queued) {
        this.onError?.(op);
        return Promise.reject(queued);
      }
      if (this.slowTimeout.has(op)) {
        return new Promise((_resolve, reject) => {
          const timer = setTimeout(() => reject(new FakeError('TimeoutError')), 20_000);
          opts?.abortSignal?.addEventListener(
            'abort',
            () => (clearTimeout(timer), reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))),
            { once: true },
          );
        });
      }
      if (this.hang.has(op)) {
        return new Promise((_resolve, reject) => {
          opts?.abortSignal?.addEventListener(
            'abort',
            () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
            { once: true },
          );
        });
      }
      switch (op) {
        case 'GetInstanceState':
          return Promise.resolve({ state: { name: this.powerNow() } });
        case 'StartInstance':
          if (this.powerNow() !== 'stopped') return Promise.reject(new FakeError('InvalidInputException'));
          this.power = { state: 'pending', since: Date.now() };
          return Promise.resolve({ operations: [] });
        case 'StartGUISession': {
          if (this.o.failOnStart) {
            this.failure = this.o.failOnStart;
            return Promise.resolve({ operations: [] });
          }
          this.failure = undefined;
          const resume = this.session.kind === 'idle' && this.session.status === 'startExpired';
          this.session = { kind: 'setup', since: Date.now(), resume };
          return Promise.resolve({ operations: [] });
        }
        case 'CreateGUISessionAccessDetails':
          return Promise.resolve({
            resourceName: cmd.input.resourceName,
            ...this.access(),
            ...this.access_override,
          });
        default:
          return Promise.reject(new FakeError('InvalidInputException'));
      }
    },
  };

  get lightsail(): LightsailClient {
    return this.client as unknown as LightsailClient;
  }
}

/** Advance fake time until the promise settles; returns its outcome. */
async function settle<T>(p: Promise<T>, maxMs = 30 * 60_000): Promise<{ value?: T; error?: unknown }> {
  let out: { value?: T; error?: unknown } | undefined;
  p.then(
    (value) => (out = { value }),
    (error: unknown) => (out = { error }),
  );
  for (let t = 0; !out && t < maxMs; t += 50) await vi.advanceTimersByTimeAsync(50);
  if (!out) throw new Error('did not settle');
  return out;
}

function failureOf(out: { error?: unknown }): LauncherFailure {
  expect(out.error).toBeInstanceOf(LauncherFailure);
  return out.error as LauncherFailure;
}

const engine = (opts: { allowLoopbackHttp?: boolean; timeoutMs?: number; silenceLimitMs?: number } = {}) =>
  new GuiSessionEngine({
    clock: systemClock,
    allowLoopbackHttp: opts.allowLoopbackHttp ?? false,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.silenceLimitMs ? { silenceLimitMs: opts.silenceLimitMs } : {}),
  });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('GuiSessionEngine: lifecycle', () => {
  it('starts a session on a running computer and returns the application and desktop URLs', async () => {
    const fake = new FakeLightsail();
    const events: EngineProgress[] = [];
    const out = await settle(
      engine().open('k', fake.lightsail, {
        name: 'jupyter-1',
        startComputer: false,
        onProgress: (p) => events.push(p),
      }),
    );
    expect(out.value).toEqual({
      app: { name: 'jupyter-app', url: 'https://10.0.0.5:8443/?authToken=app-token#app' },
      desktop: { name: 'jupyter-desktop', url: 'https://10.0.0.5:8443/?authToken=desk-token#desk' },
      startSeen: true,
    });
    expect(fake.count('StartGUISession')).toBe(1);
    expect(fake.count('StartInstance')).toBe(0);
    const statuses = [...new Set(events.map((e) => e.status).filter(Boolean))];
    expect(statuses).toEqual(['notStarted', 'settingUpInstance', 'starting', 'started']);
    const pcts = events.map((e) => e.percentage);
    expect(pcts).toEqual([...pcts].sort((a, b) => a - b));
    expect(events.some((e) => e.phase === 'setting-up' && e.percentage > 0)).toBe(true);
    expect(events.at(-1)).toMatchObject({ phase: 'opening', status: 'started', percentage: 100 });
  });

  it('uses an already started session without starting it again', async () => {
    const fake = new FakeLightsail({ session: 'started' });
    const out = await settle(engine().open('k', fake.lightsail, { name: 'jupyter-1', startComputer: false }));
    expect(out.value?.app.name).toBe('jupyter-app');
    expect(fake.count('StartGUISession')).toBe(0);
    expect(fake.count('CreateGUISessionAccessDetails')).toBe(1);
  });

  it.each(['startExpired', 'stopped'] as const)('resumes a session whose status is %s', async (session) => {
    const fake = new FakeLightsail({ session, setupMs: 20_000 });
    const out = await settle(engine().open('k', fake.lightsail, { name: 'rstudio-2', startComputer: false }));
    expect(out.value?.desktop?.url).toContain('desk-token');
    expect(fake.count('StartGUISession')).toBe(1);
  });

  it('waits for a stopping session to stop before starting it again', async () => {
    const fake = new FakeLightsail({ session: 'stopping', setupMs: 10_000 });
    const events: EngineProgress[] = [];
    const out = await settle(
      engine().open('k', fake.lightsail, {
        name: 'c1',
        startComputer: false,
        onProgress: (p) => events.push(p),
      }),
    );
    expect(out.value).toBeDefined();
    const order = [...new Set(events.map((e) => e.status).filter(Boolean))];
    expect(order.slice(0, 2)).toEqual(['stopping', 'stopped']);
    expect(fake.count('StartGUISession')).toBe(1);
  });

  it('refuses a stopped computer when not allowed to start it, without starting anything', async () => {
    const fake = new FakeLightsail({ power: 'stopped' });
    const out = await settle(engine().open('k', fake.lightsail, { name: 'c1', startComputer: false }));
    const f = failureOf(out);
    expect(f.detail).toMatchObject({ name: 'ComputerStopped', kind: 'computer-stopped', retryable: false });
    expect(f.detail.message).toMatch(/c1 is stopped/);
    expect(fake.count('StartInstance') + fake.count('StartGUISession')).toBe(0);
  });

  it('starts a stopped computer first, reporting its own phase, then the session', async () => {
    const fake = new FakeLightsail({ power: 'stopped', instanceStartMs: 30_000, setupMs: 20_000 });
    const events: EngineProgress[] = [];
    const out = await settle(
      engine().open('k', fake.lightsail, {
        name: 'c1',
        startComputer: true,
        onProgress: (p) => events.push(p),
      }),
    );
    expect(out.value).toBeDefined();
    expect(fake.count('StartInstance')).toBe(1);
    const computer = events.filter((e) => e.phase === 'starting-computer');
    expect(computer.length).toBeGreaterThan(3);
    expect(computer.map((e) => e.percentage)).toEqual(
      computer.map((e) => e.percentage).sort((a, b) => a - b),
    );
    const lastComputer = events.lastIndexOf(computer.at(-1)!);
    expect(events.slice(lastComputer + 1).every((e) => e.phase !== 'starting-computer')).toBe(true);
    expect(fake.calls.findIndex((c) => c.op === 'StartGUISession')).toBeGreaterThan(
      fake.calls.findIndex((c) => c.op === 'StartInstance'),
    );
  });

  it('rejects an invalid computer name before sending anything', async () => {
    const fake = new FakeLightsail();
    const out = await settle(
      engine().open('k', fake.lightsail, { name: 'bad name;rm', startComputer: false }),
    );
    expect(failureOf(out).detail.kind).toBe('invalid-input');
    expect(fake.calls).toHaveLength(0);
  });
});

describe('GuiSessionEngine: failures', () => {
  it('carries failureReason of a failed session as is', async () => {
    const fake = new FakeLightsail({
      failOnStart: { status: 'failedStartingGUISession', reason: 'DCV server did not answer (code 42)' },
    });
    const events: EngineProgress[] = [];
    const out = await settle(
      engine().open('k', fake.lightsail, {
        name: 'c1',
        startComputer: false,
        onProgress: (p) => events.push(p),
      }),
    );
    const f = failureOf(out);
    expect(f.detail).toMatchObject({
      kind: 'session-failed',
      name: 'failedStartingGUISession',
      failureReason: 'DCV server did not answer (code 42)',
    });
    expect(events.at(-1)).toMatchObject({
      phase: 'failed',
      error: { failureReason: 'DCV server did not answer (code 42)' },
    });
  });

  it('retries a session that an earlier attempt left failed, instead of reporting the old failure', async () => {
    const fake = new FakeLightsail();
    fake.failure = { status: 'failedStartingGUISession', reason: 'left over from yesterday' };
    const out = await settle(engine().open('k', fake.lightsail, { name: 'c1', startComputer: false }));
    expect(out.error).toBeUndefined();
    expect(out.value?.app.name).toBe('jupyter-app');
    expect(fake.count('StartGUISession')).toBe(1);
  });

  it('survives throttling and server errors while polling, still reporting progress', async () => {
    const fake = new FakeLightsail({ setupMs: 30_000 });
    const events: EngineProgress[] = [];
    const p = engine().open('k', fake.lightsail, {
      name: 'c1',
      startComputer: false,
      onProgress: (e) => events.push(e),
    });
    await vi.advanceTimersByTimeAsync(2_000);
    fake.errors.CreateGUISessionAccessDetails = [
      new FakeError('ThrottlingException'),
      new FakeError('ThrottlingException'),
      new FakeError('ServiceException', { httpStatusCode: 500 }),
    ];
    const before = events.length;
    const out = await settle(p);
    expect(out.value?.app.url).toContain('app-token');
    expect(fake.errors.CreateGUISessionAccessDetails).toHaveLength(0);
    expect(events.length - before).toBeGreaterThan(3);
  });

  it('gives up with the throttling error when Lightsail keeps refusing', async () => {
    const fake = new FakeLightsail({ setupMs: 30_000 });
    fake.errors.CreateGUISessionAccessDetails = Array.from(
      { length: 50 },
      () => new FakeError('ThrottlingException'),
    );
    const out = await settle(engine().open('k', fake.lightsail, { name: 'c1', startComputer: false }));
    expect(failureOf(out).detail).toMatchObject({ kind: 'throttled', retryable: true });
    expect(fake.count('CreateGUISessionAccessDetails')).toBe(POLLING.maxConsecutiveTransient + 1);
  });

  it('stops at a fatal error during polling', async () => {
    const fake = new FakeLightsail({ setupMs: 30_000 });
    const p = engine().open('k', fake.lightsail, { name: 'c1', startComputer: false });
    await vi.advanceTimersByTimeAsync(2_000);
    fake.errors.CreateGUISessionAccessDetails = [new FakeError('AccessDeniedException')];
    const out = await settle(p);
    expect(failureOf(out).detail.kind).toBe('access-denied');
    const n = fake.calls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.calls.length).toBe(n);
  });

  it('gives up after the overall timeout, even when a request hangs', async () => {
    const fake = new FakeLightsail();
    fake.hang.add('CreateGUISessionAccessDetails');
    const out = await settle(
      engine({ timeoutMs: 30_000 }).open('k', fake.lightsail, { name: 'c1', startComputer: false }),
    );
    expect(failureOf(out).detail).toMatchObject({ kind: 'timeout', name: 'SessionTimeout' });
    expect(Date.now() - fake.calls[0]!.t).toBeGreaterThanOrEqual(30_000);
    expect(Date.now() - fake.calls[0]!.t).toBeLessThan(31_000);
  });

  it('says Lightsail stopped answering within 60 s when a request hangs, and offers a retry', async () => {
    const fake = new FakeLightsail();
    fake.hang.add('CreateGUISessionAccessDetails');
    const events: EngineProgress[] = [];
    const out = await settle(
      engine().open('k', fake.lightsail, {
        name: 'c1',
        startComputer: false,
        onProgress: (e) => events.push(e),
      }),
    );
    const detail = failureOf(out).detail;
    expect(detail).toMatchObject({ kind: 'timeout', name: 'SessionServiceSilent', retryable: true });
    expect(detail.message).toMatch(/stopped answering/);
    const silentFor = Date.now() - fake.calls.find((c) => c.op === 'CreateGUISessionAccessDetails')!.t;
    expect(silentFor).toBeGreaterThanOrEqual(59_000);
    expect(silentFor).toBeLessThanOrEqual(60_100);
    expect(events.at(-1)).toMatchObject({ phase: 'failed' });
  });

  it('bounds the retries of timing-out calls by the 60 s budget (not 8 attempts of 20 s each)', async () => {
    const fake = new FakeLightsail({ setupMs: 30_000 });
    const p = engine().open('k', fake.lightsail, { name: 'c1', startComputer: false });
    await vi.advanceTimersByTimeAsync(5_000);
    fake.slowTimeout.add('CreateGUISessionAccessDetails');
    const since = Date.now();
    const out = await settle(p);
    expect(failureOf(out).detail).toMatchObject({ kind: 'timeout', name: 'SessionServiceSilent' });
    expect(Date.now() - since).toBeLessThanOrEqual(60_000);
  });

  it('keeps the silence budget per quiet spell: a slow but answering setup is not cut off', async () => {
    const fake = new FakeLightsail({ setupMs: 150_000 });
    const out = await settle(
      engine({ silenceLimitMs: 20_000 }).open('k', fake.lightsail, { name: 'c1', startComputer: false }),
    );
    expect(out.value?.app.url).toContain('app-token');
  });
});

describe('GuiSessionEngine: polling at the edges', () => {
  const intervals = (fake: FakeLightsail) => {
    const ts = fake.calls.filter((c) => c.op === 'CreateGUISessionAccessDetails').map((c) => c.t);
    return ts.slice(1).map((t, i) => t - ts[i]!);
  };

  it.each([100, 150])(
    'a session stuck at %d percent while starting is asked at most every 2 s',
    async (pct) => {
      const fake = new FakeLightsail({ setupMs: 30_000 });
      const events: EngineProgress[] = [];
      const p = engine({ timeoutMs: 120_000 }).open('k', fake.lightsail, {
        name: 'c1',
        startComputer: false,
        onProgress: (e) => events.push(e),
      });
      await vi.advanceTimersByTimeAsync(3_000);
      fake.access_override = { status: 'starting', percentageComplete: pct };
      const before = fake.count('CreateGUISessionAccessDetails');
      await vi.advanceTimersByTimeAsync(60_000);
      const stuckCalls = fake.count('CreateGUISessionAccessDetails') - before;
      expect(stuckCalls).toBeLessThanOrEqual(31);
      expect(stuckCalls).toBeGreaterThan(5);
      expect(Math.min(...intervals(fake).slice(-stuckCalls + 1))).toBeGreaterThanOrEqual(POLLING.atFullMs);
      expect(Math.max(...events.map((e) => e.percentage))).toBeLessThanOrEqual(100);
      fake.access_override = undefined;
      const out = await settle(p);
      expect(out.value).toBeDefined();
    },
  );

  it('never shows the percentage going backwards when Lightsail reports it so', async () => {
    const fake = new FakeLightsail({ setupMs: 40_000 });
    const events: EngineProgress[] = [];
    const p = engine().open('k', fake.lightsail, {
      name: 'c1',
      startComputer: false,
      onProgress: (e) => events.push(e),
    });
    await vi.advanceTimersByTimeAsync(20_000);
    fake.access_override = { percentageComplete: 5 };
    await vi.advanceTimersByTimeAsync(8_000);
    fake.access_override = undefined;
    const out = await settle(p);
    expect(out.value).toBeDefined();
    const pcts = events.map((e) => e.percentage);
    expect(pcts).toEqual([...pcts].sort((a, b) => a - b));
    expect(Math.max(...pcts.slice(0, -1))).toBeGreaterThan(30);
  });
});

describe('GuiSessionEngine: cancel and shared runs', () => {
  it('cancel(key) ends the run with kind cancelled and stops polling', async () => {
    const fake = new FakeLightsail();
    const e = engine();
    const events: EngineProgress[] = [];
    const p = e.open('pro/us-east-2/c1', fake.lightsail, {
      name: 'c1',
      startComputer: false,
      onProgress: (x) => events.push(x),
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(e.running('pro/us-east-2/c1')).toBe(true);
    expect(e.cancel('pro/us-east-2/c1')).toBe(true);
    const out = await settle(p);
    expect(failureOf(out).detail.kind).toBe('cancelled');
    expect(events.at(-1)?.phase).toBe('cancelled');
    expect(e.running('pro/us-east-2/c1')).toBe(false);
    expect(e.cancel('pro/us-east-2/c1')).toBe(false);
    const n = fake.calls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.calls.length).toBe(n);
  });

  it('an aborted signal cancels the run, in-flight request included', async () => {
    const fake = new FakeLightsail();
    fake.hang.add('CreateGUISessionAccessDetails');
    const ac = new AbortController();
    const p = engine().open('k', fake.lightsail, { name: 'c1', startComputer: false }, ac.signal);
    await vi.advanceTimersByTimeAsync(1_000);
    ac.abort();
    const out = await settle(p);
    expect(failureOf(out).detail.kind).toBe('cancelled');
  });

  it('two requests for the same computer share one run and both get progress', async () => {
    const fake = new FakeLightsail({ setupMs: 20_000 });
    const e = engine();
    const a: EngineProgress[] = [];
    const b: EngineProgress[] = [];
    const p1 = e.open('k', fake.lightsail, {
      name: 'c1',
      startComputer: false,
      onProgress: (x) => a.push(x),
    });
    await vi.advanceTimersByTimeAsync(3_000);
    const p2 = e.open('k', fake.lightsail, {
      name: 'c1',
      startComputer: false,
      onProgress: (x) => b.push(x),
    });
    expect(p2).toBe(p1);
    expect(b[0]).toEqual(a.at(-1));
    const [o1, o2] = await Promise.all([settle(p1), settle(p2)]);
    expect(o1.value).toEqual(o2.value);
    expect(fake.count('StartGUISession')).toBe(1);
    expect(b.at(-1)).toMatchObject({ phase: 'opening', percentage: 100 });
    expect(b.length).toBeGreaterThan(2);
  });

  it('one of two callers giving up does not cancel the other', async () => {
    const fake = new FakeLightsail({ setupMs: 10_000 });
    const e = engine();
    const ac = new AbortController();
    const p1 = e.open('k', fake.lightsail, { name: 'c1', startComputer: false }, ac.signal);
    e.open('k', fake.lightsail, { name: 'c1', startComputer: false });
    ac.abort();
    const out = await settle(p1);
    expect(out.value?.app.name).toBe('jupyter-app');
  });

  it('different computers run independently', async () => {
    const f1 = new FakeLightsail({ setupMs: 10_000 });
    const f2 = new FakeLightsail({ failOnStart: { status: 'failedInstanceCreation', reason: 'capacity' } });
    const e = engine();
    const [o1, o2] = await Promise.all([
      settle(e.open('a', f1.lightsail, { name: 'c1', startComputer: false })),
      settle(e.open('b', f2.lightsail, { name: 'c2', startComputer: false })),
    ]);
    expect(o1.value).toBeDefined();
    expect(failureOf(o2).detail.failureReason).toBe('capacity');
  });
});

describe('GuiSessionEngine: URL policy', () => {
  const loopback = [
    { name: 'a', url: 'http://127.0.0.1:9000/a?token=t1', isPrimary: true },
    { name: 'd', url: 'http://127.0.0.1:9000/d?token=t2', isPrimary: false },
  ];

  it('refuses loopback http URLs outside demo and test mode, without showing the token', async () => {
    const fake = new FakeLightsail({ session: 'started', urls: loopback });
    const out = await settle(
      engine({ allowLoopbackHttp: false }).open('k', fake.lightsail, { name: 'c1', startComputer: false }),
    );
    const f = failureOf(out);
    expect(f.detail.name).toBe('UnsafeSessionUrl');
    expect(JSON.stringify(f.detail)).not.toContain('t1');
  });

  it('accepts them in demo mode', async () => {
    const fake = new FakeLightsail({ session: 'started', urls: loopback });
    const out = await settle(
      engine({ allowLoopbackHttp: true }).open('k', fake.lightsail, { name: 'c1', startComputer: false }),
    );
    expect(out.value?.app.url).toBe('http://127.0.0.1:9000/a?token=t1');
  });

  it('one session: opens it as the application, the desktop unavailable with its reason', async () => {
    for (const only of [loopback[0]!, loopback[1]!, { name: 'x', url: loopback[0]!.url }]) {
      const fake = new FakeLightsail({ session: 'started', urls: [only] });
      const out = await settle(
        engine({ allowLoopbackHttp: true }).open('k', fake.lightsail, { name: 'c1', startComputer: false }),
      );
      expect(out.value).toMatchObject({ app: { url: only.url }, desktopUnavailable: 'one-session' });
      expect(out.value!.desktop).toBeUndefined();
    }
  });

  it('sessions without isPrimary (or none, or every one, marked primary): the first is the application, the desktop unavailable', async () => {
    const bare = loopback.map(({ name, url }) => ({ name, url }));
    const cases: [typeof bare, string, string][] = [
      [bare, loopback[0]!.url, 'no-primary'],
      [loopback.map((x) => ({ ...x, isPrimary: false })), loopback[0]!.url, 'no-primary'],
      [loopback.map((x) => ({ ...x, isPrimary: true })), loopback[0]!.url, 'every-primary'],
      // One marked primary, the other unmarked: the other is the desktop, as documented.
      [[{ ...bare[1]! }, { ...loopback[0]! }], loopback[0]!.url, ''],
    ];
    for (const [urls, app, reason] of cases) {
      const fake = new FakeLightsail({ session: 'started', urls });
      const out = await settle(
        engine({ allowLoopbackHttp: true }).open('k', fake.lightsail, { name: 'c1', startComputer: false }),
      );
      expect(out.value!.app.url).toBe(app);
      if (reason) expect(out.value).toMatchObject({ desktopUnavailable: reason });
      else expect(out.value!.desktop?.url).toBe(loopback[1]!.url);
    }
  });

  it('fails clearly when no session has an address', async () => {
    const fake = new FakeLightsail({ session: 'started', urls: [{ name: 'a', url: '' }] });
    const out = await settle(
      engine({ allowLoopbackHttp: true }).open('k', fake.lightsail, { name: 'c1', startComputer: false }),
    );
    expect(failureOf(out).detail.name).toBe('MissingSessionUrls');
  });
});

describe('smart polling', () => {
  it('over a 60 s setup makes at most 0.6 calls a second and answers soon after ready', async () => {
    const fake = new FakeLightsail({ setupMs: 60_000 });
    const out = await settle(engine().open('k', fake.lightsail, { name: 'c1', startComputer: false }));
    expect(out.value).toBeDefined();
    const polls = fake.count('CreateGUISessionAccessDetails');
    expect(polls / 60).toBeLessThanOrEqual(0.6);
    const readyAt = fake.calls.at(-1)!.t;
    expect(readyAt - fake.startedAt!).toBeLessThanOrEqual(500);
  });

  it('never aims beyond the predicted ready time, and never faster than the minimum', () => {
    // 1 % per 600 ms from 0: ready predicted at 60 000.
    const samples = [
      { t: 0, pct: 0 },
      { t: 30_000, pct: 50 },
    ];
    const d = nextPollDelay(samples, 30_000, 0);
    expect(30_000 + d).toBeLessThanOrEqual(60_000);
    const near = nextPollDelay([...samples, { t: 59_500, pct: 99 }], 59_500, 0);
    expect(near).toBe(POLLING.minDelayMs);
    expect(nextPollDelay([{ t: 0, pct: 10 }], 0, 0)).toBe(POLLING.firstDelayMs);
    const stalled = nextPollDelay(
      [
        { t: 0, pct: 10 },
        { t: 5_000, pct: 10 },
      ],
      5_000,
      10,
    );
    expect(stalled).toBeLessThanOrEqual(POLLING.noProgressMaxMs);
  });
});

describe('GuiSessionEngine: StartGUISession refused with InvalidInputException', () => {
  it('polls the status a few more times: a session that starts anyway (another client) opens', async () => {
    const fake = new FakeLightsail();
    fake.errors['StartGUISession'] = [new FakeError('InvalidInputException')];
    fake.onError = () => (fake.session = { kind: 'setup', since: Date.now(), resume: false });
    const out = await settle(engine().open('k', fake.lightsail, { name: 'c1', startComputer: false }));
    expect(out.value?.app.url).toContain('app-token');
    expect(fake.count('StartGUISession')).toBe(1);
    // The launcher did not see its own start succeed: the hour's beginning is not its to know.
    expect(out.value?.startSeen).toBe(false);
  });

  it('fails with the refusal after a bounded number of polls when nothing starts', async () => {
    const fake = new FakeLightsail();
    fake.errors['StartGUISession'] = [new FakeError('InvalidInputException')];
    const t0 = Date.now();
    const out = await settle(engine().open('k', fake.lightsail, { name: 'c1', startComputer: false }));
    expect(failureOf(out).detail).toMatchObject({ name: 'InvalidInputException', kind: 'invalid-input' });
    expect(fake.count('StartGUISession')).toBe(1);
    expect(fake.count('CreateGUISessionAccessDetails')).toBe(1 + POLLING.afterRefusedStartPolls);
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it('a run that started the session itself says it saw the start', async () => {
    const fake = new FakeLightsail();
    const out = await settle(engine().open('k', fake.lightsail, { name: 'c1', startComputer: false }));
    expect(out.value?.startSeen).toBe(true);
    const already = new FakeLightsail({ session: 'started' });
    expect(
      (await settle(engine().open('k', already.lightsail, { name: 'c1', startComputer: false }))).value
        ?.startSeen,
    ).toBe(false);
  });
});
