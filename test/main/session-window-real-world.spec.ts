// The session window against what Electron and a DCV server really do (issue 10): failing and
// blocked first loads, self-signed and changed certificates, pages that guard unload, client
// certificate requests, extra displays, microphone and camera, and pages that flood prompts.
import { generate } from 'selfsigned';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { certificateFacts, type CertificatePin, withPin } from '../../electron/core/certificate-policy.js';
import { isErrorKind } from '../../electron/core/errors.js';
import type { SessionWindowRequest } from '../../electron/core/ports.js';
import {
  createSessionWindowManager,
  GESTURE_WINDOW_MS,
  LEAVE_ANSWER_MS,
  type BrokenSession,
  type CertificateAnswer,
  type RefusedCertificate,
  type SessionWindowDeps,
} from '../../electron/main/windows/session-window-manager.js';
import { FakeWindow, resetSessions, type FakeServerAnswer } from './fakes/fake-window.js';

const PRIMARY = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
const ID = 'research/us-east-2/jupyter-1';
const ORIGIN = 'https://dcv.example.com:8443';
let PEM_A = '';
let PEM_B = '';

beforeAll(async () => {
  PEM_A = (
    await generate([{ name: 'commonName', value: 'dcv.example.com' }], {
      notAfterDate: new Date(Date.now() + 30 * 86_400_000),
      keyType: 'ec',
    })
  ).cert;
  PEM_B = (
    await generate([{ name: 'commonName', value: 'dcv.example.com' }], {
      notAfterDate: new Date(Date.now() + 30 * 86_400_000),
      keyType: 'ec',
    })
  ).cert;
});

function request(kind: 'app' | 'desktop', token = 'tok-1'): SessionWindowRequest {
  return {
    computerId: ID,
    computerName: 'jupyter-1',
    kind,
    sessionName: kind === 'app' ? 'jupyter-session' : 'desktop-session',
    url: `${ORIGIN}/?authToken=${token}#${kind}`,
    title: `jupyter-1 — ${kind}`,
  };
}

function setup(extra: Partial<SessionWindowDeps> = {}, answer: CertificateAnswer = 'cancel') {
  let clock = 1_000_000;
  const broken: BrokenSession[] = [];
  const external: string[] = [];
  const logs: string[] = [];
  let pins: CertificatePin[] = [];
  const asked: RefusedCertificate[] = [];
  const confirm = vi.fn(async () => true);
  const manager = createSessionWindowManager({
    createWindow: (o) => new FakeWindow(o),
    placements: { get: () => undefined, set: () => undefined },
    screen: { all: () => [PRIMARY], primary: () => PRIMARY, displayIdFor: () => 1 },
    confirmExternal: confirm,
    openExternal: (u) => void external.push(u),
    onBroken: (b) => void broken.push(b),
    certificates: {
      pins: () => pins,
      trust: (f) => ((pins = withPin(pins, f)), true),
      ask: async (r) => {
        asked.push(r);
        return answer;
      },
    },
    log: { info: (...a) => void logs.push(a.join(' ')), warn: (...a) => void logs.push(a.join(' ')) },
    now: () => clock,
    ...extra,
  });
  return {
    manager,
    broken,
    external,
    logs,
    asked,
    confirm,
    pins: () => pins,
    setPins: (p: CertificatePin[]) => void (pins = p),
    advance: (ms: number) => void (clock += ms),
  };
}

const serve = (answers: Record<string, FakeServerAnswer>, fallback: FakeServerAnswer = {}) => {
  FakeWindow.network = (url) => answers[new URL(url).origin] ?? fallback;
};

async function rejection(
  p: Promise<unknown>,
): Promise<Error & { detail: { kind: string; message: string } }> {
  try {
    await p;
  } catch (err) {
    return err as never;
  }
  throw new Error('open() resolved');
}

beforeEach(() => {
  FakeWindow.all = [];
  FakeWindow.network = () => ({});
  resetSessions();
});

describe('a first load that fails or is blocked', () => {
  it.each([
    [
      'the name does not resolve',
      { fail: { code: -105, description: 'ERR_NAME_NOT_RESOLVED' } },
      /address could not be found/,
    ],
    [
      'the connection is refused',
      { fail: { code: -102, description: 'ERR_CONNECTION_REFUSED' } },
      /did not answer/,
    ],
    ['TLS fails', { fail: { code: -200, description: 'ERR_CERT_COMMON_NAME_INVALID' } }, /not secure/],
    ['the server answers 403', { status: 403 }, /HTTP 403/],
    [
      'the server redirects to another site',
      { redirectTo: 'https://login.evil.test/' },
      /redirected to another site \(https:\/\/login\.evil\.test\)/,
    ],
  ])('when %s, open() fails with the reason and the window shows it', async (_name, answer, reason) => {
    serve({ [ORIGIN]: answer as FakeServerAnswer });
    const { manager, broken, logs } = setup();
    const err = await rejection(manager.open(request('app')));
    expect(isErrorKind(err, 'session-failed')).toBe(true);
    expect(err.message).toMatch(reason);
    const win = FakeWindow.all[0]!;
    expect(win.visible).toBe(true);
    expect(broken).toEqual([{ computerId: ID, kind: 'app', reason: expect.stringMatching(reason) }]);
    expect(logs.join('\n')).not.toContain('tok-1');
    expect(err.message).not.toContain('tok-1');
  });

  it('a same-origin redirect is followed and the open succeeds', async () => {
    FakeWindow.network = (url) => (new URL(url).pathname === '/' ? { redirectTo: `${ORIGIN}/session` } : {});
    const { manager, broken } = setup();
    await manager.open(request('app'));
    expect(broken).toEqual([]);
  });

  it('a page that navigates itself during the first load is not a failure (loadURL rejects with ERR_ABORTED)', async () => {
    const { manager, broken } = setup({
      createWindow: (o) => {
        const w = new FakeWindow(o);
        w.loadURL = async (url) => {
          w.loaded.push(url);
          await Promise.resolve();
          w.webContents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', url, true, 1, 1);
          throw new Error(`ERR_ABORTED (-3) loading '${url}'`);
        };
        return w;
      },
    });
    await manager.open(request('app'));
    expect(broken).toEqual([]);
  });

  it('Reconnect after a failure loads the fresh URL and succeeds', async () => {
    serve({ [ORIGIN]: { fail: { code: -102, description: 'ERR_CONNECTION_REFUSED' } } });
    const { manager } = setup();
    await rejection(manager.open(request('app')));
    FakeWindow.network = () => ({});
    await manager.open(request('app', 'tok-2'));
    expect(FakeWindow.all).toHaveLength(1);
    expect(FakeWindow.all[0]!.loaded).toHaveLength(2);
  });

  it('Open in browser hands the session URL to the system browser without logging it', async () => {
    const { manager, external, logs } = setup();
    await manager.open(request('desktop'));
    expect(manager.openInBrowser(ID, 'desktop')).toBe(true);
    expect(manager.openInBrowser(ID, 'app')).toBe(false);
    expect(external).toEqual([request('desktop').url]);
    expect(logs.join('\n')).not.toContain('tok-1');
  });
});

describe('certificates, as ssh does it', () => {
  it('accepts a publicly trusted certificate without a prompt', async () => {
    serve({ [ORIGIN]: { certificate: { pem: PEM_A, systemTrusted: true } } });
    const { manager, asked } = setup();
    await manager.open(request('app'));
    expect(asked).toEqual([]);
  });

  it('refuses an unverified certificate and shows host:port, fingerprint, issuer, subject and validity', async () => {
    serve({ [ORIGIN]: { certificate: { pem: PEM_A, systemTrusted: false } } });
    const { manager, asked, pins } = setup({}, 'cancel');
    const err = await rejection(manager.open(request('app')));
    expect(err.message).toMatch(/certificate of dcv\.example\.com:8443 is not trusted/);
    const facts = certificateFacts(PEM_A, 'dcv.example.com:8443')!;
    expect(asked).toEqual([{ action: 'refuse', why: 'untrusted', facts }]);
    expect(facts.issuer).toBe('CN=dcv.example.com');
    expect(pins()).toEqual([]);
  });

  it('Trust pins that fingerprint for that host:port, reloads, and covers the WebSocket too', async () => {
    serve({ [ORIGIN]: { certificate: { pem: PEM_A, systemTrusted: false } } });
    const { manager, pins } = setup({}, 'trust');
    await manager.open(request('app'));
    const sha256 = certificateFacts(PEM_A, 'x')!.sha256;
    expect(pins()).toEqual([{ hostPort: 'dcv.example.com:8443', sha256 }]);
    const win = FakeWindow.all[0]!;
    // The verify proc waited for the answer, so the load went on: one load, no stale refusal.
    expect(win.loaded).toHaveLength(1);
    // The page's WebSocket to its own host goes through the same verify proc.
    expect(
      await win.webContents.session.verify('dcv.example.com', { pem: PEM_A, systemTrusted: false }),
    ).toBeUndefined();
    expect(
      await win.webContents.session.verify('dcv.example.com', { pem: PEM_B, systemTrusted: false }),
    ).toEqual({ code: -2, description: 'ERR_FAILED' });
  });

  it('after Cancel, Reconnect asks again and Trust then opens the session, without a restart', async () => {
    serve({ [ORIGIN]: { certificate: { pem: PEM_A, systemTrusted: false } } });
    let answer: CertificateAnswer = 'cancel';
    const t = setup({
      certificates: {
        pins: () => t.pins(),
        trust: (f) => (t.setPins(withPin(t.pins(), f)), true),
        ask: async (r) => (t.asked.push(r), answer),
      },
    });
    const err = await rejection(t.manager.open(request('app')));
    expect(t.asked).toHaveLength(1);
    expect(err.message).toMatch(/certificate of dcv\.example\.com:8443 is not trusted/);
    // Chromium keeps the refusal for 30 minutes in that partition (the fake does too): the
    // retry gets a fresh in-memory partition, where the question is asked again.
    answer = 'trust';
    await t.manager.open(request('app', 'tok-2'));
    expect(t.asked).toHaveLength(2);
    const open = FakeWindow.all.filter((w) => !w.destroyed);
    expect(open).toHaveLength(1);
    expect(open[0]!.visible).toBe(true);
    expect(open[0]!.webContents.url).toBe(request('app', 'tok-2').url);
    expect(open[0]!.options.webPreferences?.partition).toMatch(/^lfr-session-[0-9a-f]+-1$/);
    expect(t.manager.list()).toHaveLength(1);
  });

  it("a changed certificate refused on the page's own connection (no load under way) is asked about on Reconnect", async () => {
    serve({ [ORIGIN]: { certificate: { pem: PEM_A, systemTrusted: false } } });
    const t = setup({}, 'trust');
    await t.manager.open(request('app'));
    expect(t.asked).toHaveLength(1);
    // The computer was recreated: the page's WebSocket meets a new certificate, refused at once.
    const first = FakeWindow.all[0]!;
    expect(
      await first.webContents.session.verify('dcv.example.com', { pem: PEM_B, systemTrusted: false }),
    ).toEqual({ code: -2, description: 'ERR_FAILED' });
    expect(t.asked).toHaveLength(1);
    serve({ [ORIGIN]: { certificate: { pem: PEM_B, systemTrusted: false } } });
    // Reconnect asks (the warning that it changed), and the user's answer, here Trust, holds.
    await t.manager.open(request('app', 'tok-2'));
    expect(t.asked).toHaveLength(2);
    expect(t.asked[1]).toMatchObject({ why: 'changed' });
    expect(FakeWindow.all.filter((w) => !w.destroyed).map((w) => w.webContents.url)).toEqual([
      request('app', 'tok-2').url,
    ]);
  });

  it('"Trust" answered after the handshake gave up (30 s) still opens the session', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      serve({ [ORIGIN]: { certificate: { pem: PEM_A, systemTrusted: false } } });
      let answer: (a: CertificateAnswer) => void = () => undefined;
      const t = setup({
        certificates: {
          pins: () => t.pins(),
          trust: (f) => (t.setPins(withPin(t.pins(), f)), true),
          ask: () => new Promise((r) => (answer = r)),
        },
      });
      const opened = t.manager.open(request('app'));
      await vi.advanceTimersByTimeAsync(45_000);
      answer('trust');
      await opened;
      expect(t.broken).toEqual([]);
      expect(FakeWindow.all[0]!.webContents.url).toBe(request('app').url);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a plain ERR_FAILED is not called a certificate problem, even on a host refused before', async () => {
    serve({ [ORIGIN]: { certificate: { pem: PEM_A, systemTrusted: false } } });
    const t = setup({}, 'cancel');
    await rejection(t.manager.open(request('app')));
    serve({ [ORIGIN]: { fail: { code: -2, description: 'ERR_FAILED' } } });
    const err = await rejection(t.manager.open(request('app', 'tok-2')));
    expect(err.message).toMatch(/did not load \(ERR_FAILED\)/);
    expect(err.message).not.toMatch(/certificate/);
  });

  it('asks once when both windows meet the same certificate', async () => {
    serve({ [ORIGIN]: { certificate: { pem: PEM_A, systemTrusted: false } } });
    const { manager, asked } = setup({}, 'trust');
    await Promise.all([manager.open(request('app')), manager.open(request('desktop'))]);
    expect(asked).toHaveLength(1);
  });

  it('refuses a changed certificate on a pinned host:port with a warning that it changed', async () => {
    serve({ [ORIGIN]: { certificate: { pem: PEM_B, systemTrusted: false } } });
    const t = setup({}, 'cancel');
    t.setPins([{ hostPort: 'dcv.example.com:8443', sha256: certificateFacts(PEM_A, 'x')!.sha256 }]);
    const err = await rejection(t.manager.open(request('app')));
    expect(err.message).toMatch(/changed since you trusted it/);
    expect(t.asked[0]).toMatchObject({ why: 'changed', pinned: certificateFacts(PEM_A, 'x')!.sha256 });
  });

  it('accepts the pinned certificate without asking', async () => {
    serve({ [ORIGIN]: { certificate: { pem: PEM_A, systemTrusted: false } } });
    const t = setup();
    t.setPins([{ hostPort: 'dcv.example.com:8443', sha256: certificateFacts(PEM_A, 'x')!.sha256 }]);
    await t.manager.open(request('app'));
    expect(t.asked).toEqual([]);
  });

  it('"Open in browser instead" opens the session URL in the browser and reports no failure to retry', async () => {
    serve({ [ORIGIN]: { certificate: { pem: PEM_A, systemTrusted: false } } });
    const { manager, external } = setup({}, 'browser');
    const err = await rejection(manager.open(request('app')));
    expect(isErrorKind(err, 'cancelled')).toBe(true);
    expect(external).toEqual([request('app').url]);
  });
});

describe('pages that guard unload', () => {
  it('closing asks once, and staying keeps the window open', async () => {
    serve({}, { guardsUnload: true });
    const confirmLeave = vi.fn(() => false);
    const { manager, advance } = setup({ confirmLeave });
    await manager.open(request('app'));
    manager.close(ID, 'app');
    expect(confirmLeave).toHaveBeenCalledTimes(1);
    expect(manager.list()).toHaveLength(1);
    confirmLeave.mockReturnValue(true);
    advance(LEAVE_ANSWER_MS + 1);
    manager.close(ID, 'app');
    expect(manager.list()).toHaveLength(0);
  });

  it('Reconnect over a guarded page asks; staying keeps the page and is not a failure', async () => {
    serve({}, { guardsUnload: true });
    const confirmLeave = vi.fn(() => false);
    const { manager, broken, advance } = setup({ confirmLeave });
    await manager.open(request('app'));
    await manager.open(request('app', 'tok-2'));
    expect(confirmLeave).toHaveBeenCalledTimes(1);
    expect(broken).toEqual([]);
    confirmLeave.mockReturnValue(true);
    advance(LEAVE_ANSWER_MS + 1);
    await manager.open(request('app', 'tok-3'));
    expect(FakeWindow.all[0]!.webContents.url).toBe(request('app', 'tok-3').url);
  });

  it('Quit (and Stop session) closing both windows asks once, not per window', async () => {
    serve({}, { guardsUnload: true });
    const confirmLeave = vi.fn(() => true);
    const { manager } = setup({ confirmLeave });
    await manager.open(request('app'));
    await manager.open(request('desktop'));
    manager.closeAll();
    expect(confirmLeave).toHaveBeenCalledTimes(1);
    expect(manager.list()).toEqual([]);
  });

  it('without a question to ask, closing still closes (never a silent no-op)', async () => {
    serve({}, { guardsUnload: true });
    const { manager } = setup();
    await manager.open(request('app'));
    manager.close(ID);
    expect(manager.list()).toEqual([]);
  });
});

describe('client certificates', () => {
  it('picks nothing unless the user chooses one', async () => {
    const choose = vi.fn(async () => 1);
    for (const withChooser of [false, true]) {
      FakeWindow.all = [];
      const { manager } = setup(withChooser ? { chooseClientCertificate: choose } : {});
      await manager.open(request('app'));
      const wc = FakeWindow.all[0]!.webContents;
      let prevented = false;
      const picked = new Promise((resolve) =>
        wc.emit(
          'select-client-certificate',
          { preventDefault: () => (prevented = true) },
          'dcv.example.com:8443',
          [{ subjectName: 'a' }, { subjectName: 'b' }],
          resolve,
        ),
      );
      expect(prevented).toBe(true);
      expect(await picked).toEqual(withChooser ? { subjectName: 'b' } : undefined);
      manager.closeAll();
    }
    expect(choose).toHaveBeenCalledWith('dcv.example.com:8443', expect.any(Array), expect.anything());
  });

  it.each([
    ['a host name', 'https://dcv.example.com:8443', 'dcv.example.com:8443'],
    ['an IPv6 address', 'https://[2001:db8::1]:8443', '[2001:db8::1]:8443'],
    ['an IPv4 address on the default port', 'https://10.0.0.5', '10.0.0.5:443'],
  ])('the prompt names the server by host:port for %s', async (_name, origin, named) => {
    FakeWindow.network = () => ({ clientCertificates: [{ subjectName: 'me' }] });
    const choose = vi.fn(async () => undefined);
    const { manager } = setup({ chooseClientCertificate: choose });
    await manager.open({ ...request('app'), url: `${origin}/?authToken=tok-1` });
    expect(choose).toHaveBeenCalledWith(named, [{ subjectName: 'me' }], expect.anything());
  });
});

describe('extra displays (DCV multi-monitor)', () => {
  it('a same-origin window.open opens another guarded window in the same partition', async () => {
    const { manager } = setup();
    await manager.open(request('desktop'));
    const opener = FakeWindow.all[0]!;
    const child = opener.webContents.windowOpen(`${ORIGIN}/?display=2`)!;
    expect(child).toBeDefined();
    const display = FakeWindow.all[1]!;
    expect(display.title).toBe('jupyter-1 — display 2');
    expect(display.webContents).toBe(child);
    expect(child.session).toBe(opener.webContents.session);
    expect(display.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(display.pageRetitled()).toBe(true);
    // The same navigation lock applies.
    expect(child.navigate('will-navigate', `${ORIGIN}/x`)).toBe(false);
    expect(child.navigate('will-redirect', 'https://evil.test/')).toBe(true);
    // A third display is numbered 3; the displays are not launcher windows.
    opener.webContents.windowOpen(`${ORIGIN}/?display=3`);
    expect(FakeWindow.all[2]!.title).toBe('jupyter-1 — display 3');
    expect(manager.list()).toHaveLength(1);
    // Closing the session window closes its displays.
    manager.close(ID);
    expect(FakeWindow.all.every((w) => w.destroyed)).toBe(true);
  });

  it.each(['shift', 'middle'] as const)(
    'a %s-click on a same-origin link opens a display that shows the page, never an invisible window',
    async (how) => {
      const prepared = vi.fn();
      const { manager } = setup({ prepareWindow: prepared });
      await manager.open(request('desktop'));
      const opener = FakeWindow.all[0]!;
      const made = opener.webContents.linkClick(`${ORIGIN}/?display=2`, how);
      expect(made).toHaveLength(1);
      await vi.waitFor(() => expect(made[0]!.visible).toBe(true));
      expect(made[0]!.loaded).toEqual([`${ORIGIN}/?display=2`]);
      expect(made[0]!.title).toBe('jupyter-1 — display 2');
      // It gets the session window's menu and shortcuts, like its opener.
      expect(prepared).toHaveBeenCalledWith(made[0], ID, 'desktop');
      expect(FakeWindow.all.filter((w) => !w.destroyed && !w.visible)).toEqual([]);
    },
  );

  it('every other window.open is refused', async () => {
    const { manager } = setup();
    await manager.open(request('desktop'));
    const wc = FakeWindow.all[0]!.webContents;
    for (const url of [
      'https://evil.test/',
      'http://dcv.example.com:8443/',
      'about:blank',
      'javascript:alert(1)',
      'https://dcv.example.com:8444/',
    ]) {
      expect(wc.windowOpen(url)).toBeUndefined();
    }
    expect(FakeWindow.all).toHaveLength(1);
  });
});

describe('prompts a page can raise (issue 12 item 8)', () => {
  it('no prompt without a recent user gesture in that window', async () => {
    const t = setup();
    await t.manager.open(request('app'));
    const wc = FakeWindow.all[0]!.webContents;
    wc.windowOpen('https://elsewhere.example/');
    expect(wc.navigate('will-navigate', 'https://elsewhere.example/')).toBe(true);
    expect(t.confirm).not.toHaveBeenCalled();
    wc.userGesture('key');
    t.advance(GESTURE_WINDOW_MS + 1);
    wc.windowOpen('https://elsewhere.example/');
    expect(t.confirm).not.toHaveBeenCalled();
  });

  it('200 scripted requests after one click raise one prompt; the next needs another gesture', async () => {
    let answer: (v: boolean) => void = () => undefined;
    const confirmExternal = vi.fn(() => new Promise<boolean>((r) => (answer = r)));
    const t = setup({ confirmExternal });
    await t.manager.open(request('app'));
    const wc = FakeWindow.all[0]!.webContents;
    wc.userGesture();
    for (let i = 0; i < 100; i++) wc.windowOpen(`https://elsewhere.example/${i}`);
    for (let i = 0; i < 100; i++) wc.navigate('will-navigate', `https://elsewhere.example/n${i}`);
    expect(confirmExternal).toHaveBeenCalledTimes(1);
    answer(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(t.external).toEqual(['https://elsewhere.example/0']);
    wc.windowOpen('https://elsewhere.example/again');
    expect(confirmExternal).toHaveBeenCalledTimes(1);
    wc.userGesture();
    wc.windowOpen('https://elsewhere.example/again');
    expect(confirmExternal).toHaveBeenCalledTimes(2);
  });

  it('a gesture in one window does not let another window prompt', async () => {
    const t = setup();
    await t.manager.open(request('app'));
    await t.manager.open(request('desktop'));
    FakeWindow.all[0]!.webContents.userGesture();
    FakeWindow.all[1]!.webContents.windowOpen('https://elsewhere.example/');
    expect(t.confirm).not.toHaveBeenCalled();
  });
});

describe('microphone and webcam', () => {
  const ask = (
    ses: FakeWindow['webContents']['session'],
    wc: unknown,
    url = `${ORIGIN}/`,
    mediaTypes = ['audio'],
  ) =>
    new Promise<boolean>((resolve) =>
      ses.requestHandler!(wc as never, 'media', resolve, {
        requestingUrl: url,
        isMainFrame: true,
        mediaTypes,
      } as never),
    );

  it('asked once per computer for the session origin, remembered, and only camera and microphone', async () => {
    const grants = new Map<string, boolean>();
    const askUser = vi.fn(async (_id: string, _name: string, _win: unknown) => true);
    const t = setup({
      media: {
        granted: (id) => grants.get(id),
        ask: async (id, name, win) => {
          const ok = await askUser(id, name, win);
          grants.set(id, ok);
          return ok;
        },
      },
    });
    await t.manager.open(request('app'));
    const wc = FakeWindow.all[0]!.webContents;
    const ses = wc.session;
    expect(
      ses.checkHandler!(wc as never, 'media', ORIGIN, {
        isMainFrame: true,
        requestingUrl: `${ORIGIN}/`,
      } as never),
    ).toBe(false);
    expect(await Promise.all([ask(ses, wc), ask(ses, wc, `${ORIGIN}/`, ['video'])])).toEqual([true, true]);
    expect(askUser).toHaveBeenCalledTimes(1);
    expect(askUser).toHaveBeenCalledWith(ID, 'jupyter-1', expect.anything());
    expect(await ask(ses, wc)).toBe(true);
    expect(askUser).toHaveBeenCalledTimes(1);
    expect(
      ses.checkHandler!(wc as never, 'media', ORIGIN, {
        isMainFrame: true,
        requestingUrl: `${ORIGIN}/`,
      } as never),
    ).toBe(true);
    expect(await ask(ses, wc, 'https://evil.test/')).toBe(false);
    expect(await ask(ses, wc, `${ORIGIN}/`, [])).toBe(false);
    // Revoked in Settings: asked again.
    grants.delete(ID);
    askUser.mockResolvedValueOnce(false);
    expect(await ask(ses, wc)).toBe(false);
    expect(askUser).toHaveBeenCalledTimes(2);
  });

  it('denied when the shell offers no way to ask', async () => {
    const t = setup();
    await t.manager.open(request('app'));
    const wc = FakeWindow.all[0]!.webContents;
    expect(await ask(wc.session, wc)).toBe(false);
  });
});
