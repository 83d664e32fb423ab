import { describe, expect, it, vi } from 'vitest';
import {
  invokeContract,
  type InvokeChannel,
  type LauncherService,
} from '../../electron/shared/ipc-contract.js';
import {
  bindIpc,
  createIpcRouter,
  createSenderCheck,
  isAppOrigin,
  send,
  type SenderInfo,
} from '../../electron/main/ipc.js';

const ID = 'research/us-east-2/jupyter-1';
const LAUNCHER = { id: 7, mainFrame: { processId: 3, routingId: 1 } };

function fakeService() {
  const calls: [string, unknown[]][] = [];
  const service = Object.fromEntries(
    (Object.keys(invokeContract) as InvokeChannel[]).map((c) => [
      c,
      vi.fn(async (...args: unknown[]) => (calls.push([c, args]), { ok: true, value: c })),
    ]),
  ) as unknown as LauncherService;
  return { service, calls };
}

function event(
  over: {
    url?: string;
    parent?: unknown;
    senderId?: number;
    processId?: number;
    routingId?: number;
    noFrame?: boolean;
  } = {},
): SenderInfo {
  return {
    sender: { id: over.senderId ?? 7 },
    senderFrame: over.noFrame
      ? null
      : {
          url: over.url ?? 'app://launcher/index.html',
          parent: over.parent ?? null,
          processId: over.processId ?? 3,
          routingId: over.routingId ?? 1,
        },
  };
}

function setup() {
  const { service, calls } = fakeService();
  const log = { warn: vi.fn(), error: vi.fn() };
  const router = createIpcRouter({ service, isTrustedSender: createSenderCheck(() => LAUNCHER), log });
  return { router, calls, log };
}

// One valid argument list per channel, and one invalid.
const VALID: Record<InvokeChannel, unknown[]> = {
  'app:info': [],
  'app:startDemo': [],
  'profiles:list': [],
  'computers:list': [{ refresh: true }],
  'computers:refresh': [],
  'computers:start': [ID],
  'computers:stop': [ID],
  'computers:planPrice': [ID],
  'session:open': [ID, 'desktop'],
  'session:cancel': [ID],
  'session:stop': [ID],
  'windows:list': [],
  'windows:focus': [ID, 'app'],
  'session:keepGoing': [ID],
  'computers:setIdleRule': [ID, { thresholdPercent: 5, durationMinutes: 30 }],
  'cost:summary': [],
  'cost:refresh': [],
  'settings:get': [],
  'settings:update': [{ closeToTray: false }],
  'signin:list': [],
  'signin:start': [{ profile: 'research' }],
  'signin:cancel': [{ session: 'lab' }],
  'signin:signOut': [{ profile: 'research' }],
  'signin:mfaAnswer': ['req-1', '123456'],
  'signin:discover': [{ startUrl: 'https://lab.awsapps.com/start', region: 'us-east-1', session: 'lab' }],
  'signin:addProfiles': [
    {
      startUrl: 'https://lab.awsapps.com/start',
      region: 'us-east-1',
      session: 'lab',
      profiles: [{ name: 'lab-research', accountId: '123456789012', roleName: 'LightsailResearcher' }],
    },
  ],
  'manage:options': [{ profile: 'research', region: 'us-east-2' }],
  'computers:create': [
    { profile: 'research', region: 'us-east-2' },
    {
      name: 'new-lab',
      applicationId: 'lfr_jupyterlab_1_0',
      planId: 'app_standard_xl_1_0',
      autoSnapshotAt: '06:00',
    },
  ],
  'computers:delete': [ID, 'lab', { withSnapshots: true }],
  'computers:setAutoSnapshot': [ID, '04:00'],
  'snapshots:list': [ID],
  'snapshots:create': [ID, { thenStop: true }],
  'snapshots:restore': [{ profile: 'research', region: 'us-east-2' }, 'lab-snap', 'lab-copy'],
  'snapshots:delete': [{ profile: 'research', region: 'us-east-2' }, 'lab-snap'],
  'disks:list': [{ profile: 'research', region: 'us-east-2' }],
  'disks:create': [{ profile: 'research', region: 'us-east-2' }, 'data', 64],
  'disks:attach': [{ profile: 'research', region: 'us-east-2' }, 'data', ID],
  'disks:detach': [{ profile: 'research', region: 'us-east-2' }, 'data'],
  'disks:delete': [{ profile: 'research', region: 'us-east-2' }, 'data'],
  'cpu:get': [ID],
};
const INVALID: Record<InvokeChannel, unknown[]> = {
  'app:info': ['extra'],
  'app:startDemo': [1],
  'profiles:list': [{}],
  'computers:list': [{ refresh: 'yes' }],
  'computers:refresh': [null],
  'computers:start': ['../../etc/passwd'],
  'computers:stop': [42],
  'computers:planPrice': [],
  'session:open': [ID, 'shell'],
  'session:cancel': [],
  'session:stop': [`${ID}/more`],
  'windows:list': [ID],
  'windows:focus': [ID],
  'session:keepGoing': [],
  'computers:setIdleRule': [ID, { thresholdPercent: 500, durationMinutes: 30 }],
  'cost:summary': [ID],
  'cost:refresh': [true],
  'settings:get': ['all'],
  'settings:update': [{ closeToTray: false, nodeIntegration: true }],
  'signin:list': [{}],
  'signin:start': [{ profile: '[evil]' }],
  'signin:cancel': [{ profile: 'a', session: 'b' }],
  'signin:signOut': [],
  'signin:mfaAnswer': ['req-1', '12345a'],
  'signin:discover': [{ startUrl: 'javascript:alert(1)', region: 'us-east-1', session: 'lab' }],
  'signin:addProfiles': [
    {
      startUrl: 'https://lab.awsapps.com/start',
      region: 'us-east-1',
      session: 'lab',
      profiles: [{ name: 'x y', accountId: '1', roleName: 'R' }],
    },
  ],
  'manage:options': [{ profile: 'research' }],
  'computers:create': [
    { profile: 'research', region: 'us-east-2' },
    { name: 'x', applicationId: 'a b', planId: 'p' },
  ],
  'computers:delete': [ID, 'lab', { withSnapshots: 'yes' }],
  'computers:setAutoSnapshot': [ID, '04:30'],
  'snapshots:list': [],
  'snapshots:create': [ID, { thenStop: 'yes' }],
  'snapshots:restore': [{ profile: 'research', region: 'us-east-2' }, 'lab-snap'],
  'snapshots:delete': [{ profile: 'research', region: 'mars' }, 'lab-snap'],
  'disks:list': [{ profile: 'research', region: 'us-east-2' }, 'extra'],
  'disks:create': [{ profile: 'research', region: 'us-east-2' }, 'data', 4],
  'disks:attach': [{ profile: 'research', region: 'us-east-2' }, 'data', '../etc'],
  'disks:detach': [{ profile: 'research', region: 'us-east-2' }, 7],
  'disks:delete': [{ profile: 'research', region: 'us-east-2' }, 'x'.repeat(300)],
  'cpu:get': [42],
};

describe('IPC router', () => {
  it('registers every contract channel', () => {
    const { router } = setup();
    expect([...router.channels].sort()).toEqual(Object.keys(invokeContract).sort());
  });

  it.each(Object.keys(VALID) as InvokeChannel[])(
    '%s: a valid call from the launcher reaches the service with its arguments',
    async (channel) => {
      const { router, calls } = setup();
      await expect(router.dispatch(event(), channel, VALID[channel])).resolves.toEqual({
        ok: true,
        value: channel,
      });
      expect(calls).toEqual([[channel, VALID[channel]]]);
    },
  );

  it.each(Object.keys(INVALID) as InvokeChannel[])(
    '%s: a bad payload is rejected as InvalidIpcPayload and never reaches the service',
    async (channel) => {
      const { router, calls } = setup();
      await expect(router.dispatch(event(), channel, INVALID[channel])).rejects.toMatchObject({
        name: 'InvalidIpcPayload',
      });
      expect(calls).toEqual([]);
    },
  );

  it.each([
    ['a subframe', event({ parent: {} })],
    ['another origin', event({ url: 'https://evil.test/' })],
    ['a lookalike app host', event({ url: 'app://launcher.evil/index.html' })],
    ['a file:// page', event({ url: 'file:///tmp/index.html' })],
    ['another webContents', event({ senderId: 8 })],
    ['another frame of the launcher process', event({ routingId: 5 })],
    ['no frame (navigated away)', event({ noFrame: true })],
  ])('drops a message from %s with UntrustedSender and logs it', async (_name, ev) => {
    const { router, calls, log } = setup();
    await expect(router.dispatch(ev, 'session:open', [ID, 'app'])).rejects.toMatchObject({
      name: 'UntrustedSender',
    });
    expect(calls).toEqual([]);
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('untrusted sender'));
  });

  it('drops everything while there is no launcher window', async () => {
    const { service, calls } = fakeService();
    const router = createIpcRouter({
      service,
      isTrustedSender: createSenderCheck(() => undefined),
      log: { warn: () => undefined, error: () => undefined },
    });
    await expect(router.dispatch(event(), 'app:info', [])).rejects.toMatchObject({ name: 'UntrustedSender' });
    expect(calls).toEqual([]);
  });

  it('redacts the error text of a result and of an event before it leaves main', async () => {
    const leaky = {
      kind: 'access-denied',
      name: 'AccessDeniedException',
      message:
        'User AKIAIOSFODNN7EXAMPLE with token=abcdEFGH1234 cannot open https://dcv.example:8443/?authToken=s3cret#x',
      nextStep: 'see https://x.test/?sig=1',
      retryable: false,
    };
    const { service } = fakeService();
    (service as unknown as Record<string, unknown>)['computers:stop'] = vi.fn(async () => ({
      ok: false,
      error: leaky,
    }));
    const router = createIpcRouter({
      service,
      isTrustedSender: createSenderCheck(() => LAUNCHER),
      log: { warn: vi.fn(), error: vi.fn() },
    });
    const r = (await router.dispatch(event(), 'computers:stop', [ID])) as {
      error: { message: string; nextStep: string };
    };
    for (const text of [r.error.message, r.error.nextStep])
      expect(text).not.toMatch(/AKIAIOSFODNN7EXAMPLE|abcdEFGH1234|s3cret|sig=1/);
    expect(r.error.message).toContain('https://dcv.example:8443');
    const sent: unknown[] = [];
    send({ send: (_c, p) => void sent.push(p), isDestroyed: () => false }, 'computers:changed', {
      computers: [],
      errors: [{ profile: 'p', error: leaky as never }],
      stale: false,
      refreshing: false,
    } as never);
    expect(JSON.stringify(sent)).not.toMatch(/AKIAIOSFODNN7EXAMPLE|abcdEFGH1234|s3cret/);
    // A bug that throws: Electron hands the message to the renderer, so it is redacted too.
    (service as unknown as Record<string, unknown>)['computers:start'] = vi.fn(async () => {
      throw new Error(leaky.message);
    });
    const thrown = await router.dispatch(event(), 'computers:start', [ID]).catch((e: Error) => e);
    expect((thrown as Error).message).not.toMatch(/AKIAIOSFODNN7EXAMPLE|abcdEFGH1234|s3cret/);
  });

  it('ignores an unknown channel', async () => {
    const { router, calls, log } = setup();
    await expect(router.dispatch(event(), 'shell:exec', ['rm -rf /'])).resolves.toBeUndefined();
    await expect(router.dispatch(event(), '__proto__', [])).resolves.toBeUndefined();
    expect(calls).toEqual([]);
    expect(log.warn).toHaveBeenCalled();
  });

  it('lets a bug in a handler surface as a thrown error (expected failures are Results)', async () => {
    const { service } = fakeService();
    (service as unknown as Record<string, unknown>)['app:info'] = async () => {
      throw new TypeError('boom');
    };
    const log = { warn: vi.fn(), error: vi.fn() };
    const router = createIpcRouter({ service, isTrustedSender: () => true, log });
    await expect(router.dispatch(event(), 'app:info', [])).rejects.toThrow('boom');
    expect(log.error).toHaveBeenCalled();
  });

  it('binds every channel on ipcMain and removes them again', async () => {
    const { router, calls } = setup();
    const handlers = new Map<string, (e: unknown, ...a: unknown[]) => unknown>();
    const ipcMain = {
      handle: (c: string, h: (e: unknown, ...a: unknown[]) => unknown) => void handlers.set(c, h),
      removeHandler: (c: string) => void handlers.delete(c),
    };
    const unbind = bindIpc(ipcMain as never, router);
    expect(handlers.size).toBe(Object.keys(invokeContract).length);
    await handlers.get('session:open')!(event(), ID, 'app');
    expect(calls).toEqual([['session:open', [ID, 'app']]]);
    unbind();
    expect(handlers.size).toBe(0);
  });
});

describe('isAppOrigin', () => {
  it('accepts only app://launcher', () => {
    expect(isAppOrigin('app://launcher/index.html')).toBe(true);
    expect(isAppOrigin('app://launcher/')).toBe(true);
    for (const u of [
      'app://other/index.html',
      'https://launcher/',
      'app://x@launcher/',
      'file:///app/launcher',
      'nonsense',
    ])
      expect(isAppOrigin(u)).toBe(false);
  });
});

describe('send', () => {
  it('sends typed events and skips a destroyed renderer', () => {
    const sent: unknown[][] = [];
    const target = {
      destroyed: false,
      send: (...a: unknown[]) => void sent.push(a),
      isDestroyed() {
        return this.destroyed;
      },
    };
    send(target, 'windows:changed', []);
    target.destroyed = true;
    send(target, 'windows:changed', []);
    send(undefined, 'windows:changed', []);
    expect(sent).toEqual([['windows:changed', []]]);
  });
});
