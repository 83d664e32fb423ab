import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LauncherState } from '../../../renderer/src/lib/launcher.svelte.js';
import { fakeApi, settle, type FakeApi } from './fake-api.js';
import { computer, launcherError, list, settings } from './fixtures.js';
import type { SignInEntry } from '../../../electron/shared/models.js';

let fake: FakeApi;
let app: LauncherState;

beforeEach(() => {
  fake = fakeApi();
  app = new LauncherState(fake.api);
});
afterEach(() => {
  app.dispose();
  vi.useRealTimers();
});

/** init() with every first answer given. */
async function ready(l = list([computer('genomics-lab')]), s = settings()) {
  const done = app.init();
  await settle();
  await fake.answer('computers:list', l);
  await fake.answer('settings:get', s);
  await fake.answer('app:info', { version: 'test', demo: false, platform: 'linux' });
  await fake.answer('profiles:list', []);
  await fake.answer('windows:list', []);
  await fake.answer('signin:list', { entries: [], mfa: [] });
  await fake.answer('cost:summary', { profiles: [], totalUsd: 0, missing: [] });
  await done;
}

describe('answers and events', () => {
  it('shows what the first answers say', async () => {
    await ready(list([computer('genomics-lab'), computer('stats-rstudio')]));
    expect(app.list?.computers.map((c) => c.name)).toEqual(['genomics-lab', 'stats-rstudio']);
    expect(app.settings?.groupBy).toBe('profile');
    expect(app.info?.version).toBe('test');
  });

  it('keeps a computers:changed event that arrived before the older computers:list answer', async () => {
    const done = app.init();
    await settle();
    fake.emit('computers:changed', list([computer('newer')]));
    await fake.answer('computers:list', list([computer('older')]));
    expect(app.list?.computers.map((c) => c.name)).toEqual(['newer']);
    fake.pending.splice(0);
    void done;
  });

  it('hears the sweep that ends after the list asked before the window mounts, and before the app subscribes', async () => {
    // main.ts asks for the list before Svelte mounts; the sweep it starts can end before init()
    // runs, and an event nobody listens to is gone (Electron's IPC, the browser host's stream).
    const first = app.prefetch();
    await settle();
    await fake.answer('computers:list', { ...list([]), refreshing: true });
    await fake.answer('settings:get', settings());
    await first;
    fake.emit('computers:changed', list([computer('genomics-lab')]));
    const done = app.init();
    await settle();
    for (const c of fake.pending.splice(0)) c.resolve(undefined);
    await done;
    expect(app.list?.refreshing).toBe(false);
    expect(app.list?.computers.map((c) => c.name)).toEqual(['genomics-lab']);
  });

  it('keeps newer settings, profiles and windows events over older answers', async () => {
    const done = app.init();
    await settle();
    fake.emit('settings:changed', settings({ groupBy: 'region' }));
    fake.emit('profiles:changed', [
      { name: 'newer', kind: 'static', sources: [], diagnostics: [], isDefault: true },
    ]);
    fake.emit('windows:changed', [{ computerId: computer('a').id, kind: 'app', title: 'a', focused: true }]);
    await fake.answer('settings:get', settings({ groupBy: 'none' }));
    await fake.answer('profiles:list', []);
    await fake.answer('windows:list', []);
    expect(app.settings?.groupBy).toBe('region');
    expect(app.profiles?.map((p) => p.name)).toEqual(['newer']);
    expect(app.windows).toHaveLength(1);
    fake.pending.splice(0);
    void done;
  });

  it('takes the answer to a refresh asked after the last event', async () => {
    await ready();
    fake.emit('computers:changed', list([computer('from-event')]));
    const r = app.refresh();
    await settle();
    await fake.answer('computers:refresh', list([computer('from-refresh')]));
    await fake.answer('profiles:list', []);
    await r;
    expect(app.list?.computers.map((c) => c.name)).toEqual(['from-refresh']);
  });
});

describe('automatic retry', () => {
  const throttled = () =>
    list(
      [],
      [{ profile: 'research', region: 'us-east-2', error: launcherError('throttled', { retryable: true }) }],
    );

  it('retries a retryable failure after 5 s, then 10 s, and stops once the list is whole', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    await ready(throttled());
    expect(app.retryAt).toBe(1_000_000 + 5_000);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(fake.argsOf('computers:refresh')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.argsOf('computers:refresh')).toHaveLength(1);

    await fake.answer('computers:refresh', throttled());
    expect(app.retryAt).toBe(Date.now() + 10_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.argsOf('computers:refresh')).toHaveLength(2);

    await fake.answer('computers:refresh', list([computer('genomics-lab')]));
    expect(app.retryAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(300_000);
    expect(fake.argsOf('computers:refresh')).toHaveLength(2);
  });

  it('decides the retry on the finished sweep, not on each scope published while it runs', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    await ready(throttled());
    expect(app.retryAt).toBe(1_000_000 + 5_000);
    for (let i = 0; i < 3; i++) fake.emit('computers:changed', { ...throttled(), refreshing: true });
    expect(app.retryAt).toBe(1_000_000 + 5_000);
    fake.emit('computers:changed', throttled());
    expect(app.retryAt).toBe(Date.now() + 10_000);
  });

  it('starts again from 5 s after a whole list', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    await ready(throttled());
    await vi.advanceTimersByTimeAsync(5_000);
    await fake.answer('computers:refresh', list([computer('genomics-lab')]));
    // The next sweep (the core says refreshing first) ends throttled.
    fake.emit('computers:changed', { ...throttled(), refreshing: true });
    fake.emit('computers:changed', throttled());
    expect(app.retryAt).toBe(Date.now() + 5_000);
  });

  it('a list published again without a sweep (a cost, a session status) does not put the retry off', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    await ready(throttled());
    expect(app.retryAt).toBe(1_000_000 + 5_000);
    for (let i = 0; i < 4; i++) {
      await vi.advanceTimersByTimeAsync(1_000);
      fake.emit('computers:changed', throttled());
    }
    expect(app.retryAt).toBe(1_000_000 + 5_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fake.argsOf('computers:refresh')).toHaveLength(1);
  });

  it('says the launcher cannot be reached, retries, and clears the note once it answers', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    await ready();
    const r = app.refresh();
    await settle();
    await fake.fail('computers:refresh', new Error('connection refused'));
    // (The profiles asked for next stay unanswered: any answer means the launcher is back.)
    void r;
    expect(app.offline).toBe('connection refused');
    expect(app.retryAt).toBe(Date.now() + 5_000);
    await vi.advanceTimersByTimeAsync(5_000);
    await fake.answer('computers:refresh', list([computer('back')]));
    expect(app.offline).toBeUndefined();
    expect(app.retryAt).toBeUndefined();
    expect(app.list?.computers.map((c) => c.name)).toEqual(['back']);
  });
});

describe('consent to start a stopped computer', () => {
  const stopped = computer('stats-rstudio', { state: 'stopped' });
  const id = stopped.id;

  /**
   * Click Open on a row and answer as the core does for a stopped computer: it decides, publishes
   * the question and answers needs-consent (a computer-stopped reason). Nothing is started: the
   * open carries no consent.
   */
  async function openAsked(cid: string, kind: 'app' | 'desktop', o: { eventFirst?: boolean } = {}) {
    const opened = app.open(cid, kind);
    await settle();
    const question = () => fake.emit('session:startQuestion', { computerId: cid, kind });
    if (o.eventFirst !== false) question();
    await fake.answer('session:open', {
      ok: false,
      error: launcherError('computer-stopped', { name: 'ComputerStopped' }),
    });
    if (o.eventFirst === false) question();
    await opened;
  }

  it('asks on the row when a link asked to open it (the core would not start it)', async () => {
    await ready(list([stopped]));
    fake.emit('session:startQuestion', { computerId: id, kind: 'app' });
    expect(app.questions[id]).toEqual({ kind: 'app' });
    expect(fake.argsOf('session:open')).toHaveLength(0);
  });

  it('asks before starting, and opens with startComputer once the user agrees', async () => {
    await ready(list([stopped]));
    await openAsked(id, 'desktop');
    expect(app.questions[id]).toEqual({ kind: 'desktop' });
    // The row asked the core without consent; the core asked back.
    expect(fake.argsOf('session:open')).toEqual([[id, 'desktop']]);

    const agreed = app.startAndOpen(id, false);
    await settle();
    expect(app.questions[id]).toBeUndefined();
    expect(fake.argsOf('session:open')).toEqual([
      [id, 'desktop'],
      [id, 'desktop', { startComputer: true }],
    ]);
    await fake.answer('session:open', { ok: true, value: null });
    await agreed;
    expect(app.actionErrors[id]).toBeUndefined();
  });

  it('after a failure, Retry opens again without asking a second time', async () => {
    await ready(list([stopped]));
    await openAsked(id, 'app');
    const agreed = app.startAndOpen(id, false);
    await settle();
    await fake.answer('session:open', {
      ok: false,
      error: launcherError('service', { message: 'Lightsail failed.' }),
    });
    await agreed;
    expect(app.actionErrors[id]?.message).toBe('Lightsail failed.');

    const retried = app.retry(id);
    await settle();
    expect(app.questions[id]).toBeUndefined();
    expect(app.actionErrors[id]).toBeUndefined();
    expect(fake.argsOf('session:open')).toEqual([
      [id, 'app'],
      [id, 'app', { startComputer: true }],
      [id, 'app', { startComputer: true }],
    ]);
    await fake.answer('session:open', { ok: true, value: null });
    await retried;
  });

  it('declining starts nothing', async () => {
    await ready(list([stopped]));
    await openAsked(id, 'app');
    app.declineStart(id);
    expect(app.questions[id]).toBeUndefined();
    expect(fake.argsOf('session:open')).toEqual([[id, 'app']]);
  });

  it('"always start" saves the setting and opens', async () => {
    await ready(list([stopped]));
    await openAsked(id, 'app');
    const agreed = app.startAndOpen(id, true);
    await settle();
    expect(fake.argsOf('settings:update')).toEqual([[{ autoStartComputers: true }]]);
    expect(fake.argsOf('session:open')).toEqual([
      [id, 'app'],
      [id, 'app', { startComputer: true }],
    ]);
    fake.pending.splice(0);
    void agreed;
  });

  it('does not ask when the settings say to start without asking', async () => {
    await ready(list([stopped]), settings({ autoStartComputers: true }));
    const opened = app.open(id, 'app');
    await settle();
    expect(app.questions[id]).toBeUndefined();
    expect(fake.argsOf('session:open')).toEqual([[id, 'app']]);
    fake.pending.splice(0);
    void opened;
  });

  it('asks when the core knows the computer stopped though the list said running, recognised by kind', async () => {
    const running = computer('genomics-lab');
    await ready(list([running]));
    await openAsked(running.id, 'app');
    expect(app.questions[running.id]).toEqual({ kind: 'app' });
    expect(app.actionErrors[running.id]).toBeUndefined();
  });

  it('shows the question, not an error, when the answer arrives before the event (two connections in the browser host)', async () => {
    await ready(list([stopped]));
    await openAsked(id, 'app', { eventFirst: false });
    expect(app.questions[id]).toEqual({ kind: 'app' });
    expect(app.actionErrors[id]).toBeUndefined();
  });

  it('a link to a stopped computer is answered from the row: the question, then the open with consent', async () => {
    await ready(list([stopped]));
    fake.emit('session:startQuestion', { computerId: id, kind: 'desktop' });
    const agreed = app.startAndOpen(id, false);
    await settle();
    expect(fake.argsOf('session:open')).toEqual([[id, 'desktop', { startComputer: true }]]);
    await fake.answer('session:open', { ok: true, value: null });
    await agreed;
    expect(app.questions[id]).toBeUndefined();
  });
});

describe('open windows', () => {
  it('brings an open window to front instead of opening another: the core decides, in one round trip', async () => {
    const c = computer('genomics-lab');
    await ready(list([c]));
    fake.emit('windows:changed', [{ computerId: c.id, kind: 'app', title: 'genomics-lab', focused: false }]);
    const opened = app.open(c.id, 'app');
    await settle();
    // The core answers 'focused' as the contract's ok: no second window, no pre-check.
    await fake.answer('session:open', { ok: true, value: null });
    await opened;
    expect(fake.argsOf('windows:focus')).toHaveLength(0);
    expect(fake.argsOf('session:open')).toEqual([[c.id, 'app']]);
  });
});

describe('IAM Identity Center sign-in', () => {
  const entry = (status: SignInEntry['status'], patch: Partial<SignInEntry> = {}): SignInEntry => ({
    id: 'session:lab',
    label: 'lab',
    kind: 'sso-session',
    startUrl: 'https://lab.awsapps.com/start',
    region: 'us-east-1',
    profiles: ['research-sso'],
    status,
    ...patch,
  });

  it('loads the sign-ins and keeps them current from signin:changed, a newer event winning over an older answer', async () => {
    const done = app.init();
    await settle();
    fake.emit('signin:changed', {
      entries: [
        entry('signing-in', {
          prompt: {
            userCode: 'ABCD-EFGH',
            verificationUri: 'https://x/device',
            verificationUriComplete: 'https://x/device?user_code=ABCD-EFGH',
            expiresAt: '2030-01-01T00:00:00Z',
          },
        }),
      ],
      mfa: [],
    });
    await fake.answer('signin:list', { entries: [entry('needs-sign-in')], mfa: [] });
    expect(app.signIns.entries[0]?.status).toBe('signing-in');
    expect(app.signIns.entries[0]?.prompt?.userCode).toBe('ABCD-EFGH');
    fake.emit('signin:changed', {
      entries: [entry('signed-in')],
      mfa: [{ id: 'm1', profile: 'admin', serial: 'arn:aws:iam::1:mfa/a' }],
    });
    expect(app.signIns.entries[0]?.status).toBe('signed-in');
    expect(app.signIns.mfa.map((m) => m.profile)).toEqual(['admin']);
    fake.pending.splice(0);
    void done;
  });

  it('Sign in, Cancel, Sign out and the MFA answer reach the core with the sign-in they are for', async () => {
    await ready();
    const started = app.startSignIn({ session: 'lab' });
    await settle();
    void app.cancelSignIn({ session: 'lab' });
    await settle();
    await fake.answer('signin:cancel', true);
    await fake.answer('signin:start', { ok: false, error: launcherError('cancelled') });
    expect(await started).toEqual({ ok: false, error: launcherError('cancelled') });
    void app.signOut({ profile: 'research-sso' });
    void app.answerMfa('m1', '123456');
    await settle();
    expect(fake.argsOf('signin:start')).toEqual([[{ session: 'lab' }]]);
    expect(fake.argsOf('signin:cancel')).toEqual([[{ session: 'lab' }]]);
    expect(fake.argsOf('signin:signOut')).toEqual([[{ profile: 'research-sso' }]]);
    expect(fake.argsOf('signin:mfaAnswer')).toEqual([['m1', '123456']]);
    fake.pending.splice(0);
  });

  it('lists again at once after profiles are added from a start URL', async () => {
    await ready();
    const ref = { startUrl: 'https://lab.awsapps.com/start', region: 'us-east-1', session: 'lab' };
    const added = app.addSsoProfiles({
      ...ref,
      profiles: [{ name: 'lab-researcher', accountId: '123456789012', roleName: 'Researcher' }],
    });
    await settle();
    await fake.answer('signin:addProfiles', { ok: true, value: { added: ['lab-researcher'] } });
    expect(fake.pending.map((c) => c.channel)).toContain('computers:refresh');
    await fake.answer('computers:refresh', list([computer('lab-notebook', { profile: 'lab-researcher' })]));
    await fake.answer('profiles:list', []);
    expect((await added).ok).toBe(true);
    expect(app.list?.computers.map((c) => c.name)).toEqual(['lab-notebook']);
  });

  it('a start-URL sign-in while the launcher is unreachable fails with a network error, not undefined', async () => {
    await ready();
    const r = app.discoverSso({
      startUrl: 'https://lab.awsapps.com/start',
      region: 'us-east-1',
      session: 'lab',
    });
    await settle();
    await fake.fail('signin:discover', new Error('fetch failed'));
    expect(await r).toMatchObject({ ok: false, error: { kind: 'network' } });
    fake.pending.splice(0);
  });
});

describe('cost and session lifetime', () => {
  it('shows the cost summary, then the costs the core sends later', async () => {
    await ready();
    expect(app.costs?.totalUsd).toBe(0);
    fake.emit('cost:changed', {
      profiles: [{ profile: 'research', monthToDateUsd: 12.5, budgetUsd: 10, overBudget: true }],
      totalUsd: 12.5,
      missing: [],
    });
    expect(app.costs?.profiles[0]?.overBudget).toBe(true);
    expect(app.costs?.totalUsd).toBe(12.5);
  });

  it('Keep going resumes the session and a failure shows on the row', async () => {
    const c = computer('genomics-lab');
    await ready(list([c]));
    const kept = app.keepGoing(c.id);
    await settle();
    expect(app.pending[c.id]).toBe('keep-going');
    await fake.answer('session:keepGoing', { ok: false, error: launcherError('service') });
    await kept;
    expect(fake.argsOf('session:keepGoing')).toEqual([[c.id]]);
    expect(app.actionErrors[c.id]?.kind).toBe('service');
    expect(app.pending[c.id]).toBeUndefined();
  });

  it('saves an idle rule and says whether it was saved', async () => {
    const c = computer('genomics-lab');
    await ready(list([c]));
    const saved = app.setIdleRule(c.id, { thresholdPercent: 5, durationMinutes: 30 });
    await settle();
    await fake.answer('computers:setIdleRule', { ok: true, value: null });
    expect(await saved).toBe(true);
    expect(fake.argsOf('computers:setIdleRule')).toEqual([
      [c.id, { thresholdPercent: 5, durationMinutes: 30 }],
    ]);
  });
});
