// Boots the real electron/main/index.ts in Node with a fake 'electron' module (no Electron
// binary here): catches wiring mistakes (order of setup, a handler missing, a window made
// without its guards) that type checks cannot, and drives a session through real IPC.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TrayMenuItem } from '../../electron/core/tray-menu.js';
import { invokeContract } from '../../electron/shared/ipc-contract.js';
import { eventually } from '../fixtures/eventually.js';
import { bootMain, ensureBuilt, fake, importMain } from './fakes/boot-main.js';
import type { FakeElectronState } from './fakes/fake-electron.js';
import type { FakeWindow } from './fakes/fake-window.js';

const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, 'test-results', 'boot-main');
let bundle: string;
let first: FakeElectronState;
const hook = () =>
  (
    globalThis as unknown as {
      __lfrE2E: { trayModel(): TrayMenuItem[]; openSession(id: string, k: string): Promise<unknown> };
    }
  ).__lfrE2E;
const ID = 'demo/us-east-2/genomics-notebook';

let launcher: FakeWindow;
const trusted = () => ({
  sender: launcher.webContents,
  senderFrame: { url: 'app://launcher/index.html', parent: null, ...launcher.webContents.mainFrame },
});
const invoke = (channel: string, ...args: unknown[]) => first.ipcHandlers.get(channel)!(trusted(), ...args);

const booted: FakeElectronState[] = [];
const boot = async (prepare?: (s: FakeElectronState) => void, main = bundle) => {
  const s = await bootMain(main, prepare);
  booted.push(s);
  return s;
};

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  bundle = ensureBuilt();
  process.env.LFR_E2E = '1';
  // No profile on this "machine" at all: the app must start in demo mode by itself.
  process.env.AWS_CONFIG_FILE = join(outDir, 'no-such-config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(outDir, 'no-such-credentials');
  first = await boot();
  launcher = first.windows[0]!;
}, 60_000);

afterAll(async () => {
  for (const s of booted) s.appEvents.emit('will-quit', {});
  await new Promise((r) => setTimeout(r, 50));
  rmSync(outDir, { recursive: true, force: true });
  for (const s of booted) rmSync(s.userData, { recursive: true, force: true });
  delete process.env.LFR_E2E;
  delete process.env.AWS_CONFIG_FILE;
  delete process.env.AWS_SHARED_CREDENTIALS_FILE;
});

describe('main process boot (fake electron)', () => {
  it('registers the app scheme, its handler, every IPC channel and a tray', () => {
    expect(first.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
    expect(first.protocolHandlers.has('app')).toBe(true);
    expect([...first.ipcHandlers.keys()].sort()).toEqual(Object.keys(invokeContract).sort());
    expect(first.trays).toHaveLength(1);
    // Electron 45 turns the GlobalShortcuts portal on by itself; a switch would replace the user's.
    expect(first.switches.map(([name]) => name)).not.toContain('enable-features');
  });

  it('opens the launcher from app://launcher with our preload and the hardened options', () => {
    expect(launcher.loaded).toEqual(['app://launcher/index.html']);
    expect(launcher.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(launcher.options.webPreferences?.preload).toMatch(/preload[\\/]index\.cjs$/);
  });

  it('starts in demo mode when no AWS profile exists, answers trusted IPC and drops a message from a session window', async () => {
    expect(await invoke('app:info')).toMatchObject({ demo: true, version: '0.0.0-boot' });
    const other = { sender: { id: 999 }, senderFrame: { url: 'app://launcher/index.html', parent: null } };
    await expect(Promise.resolve(first.ipcHandlers.get('app:info')!(other))).rejects.toMatchObject({
      name: 'UntrustedSender',
    });
  });

  it('opens application and desktop session windows through IPC, focuses on a repeat, and the tray follows', async () => {
    await invoke('computers:refresh');
    expect(await invoke('session:open', ID, 'app')).toEqual({ ok: true, value: null });
    expect(await invoke('session:open', ID, 'desktop')).toEqual({ ok: true, value: null });
    const sessions = first.windows.filter((w) => w !== launcher && !w.destroyed);
    expect(sessions.map((w) => w.title).sort()).toEqual([
      expect.stringMatching(/^genomics-notebook — .+ \(Application\)$/),
      expect.stringMatching(/^genomics-notebook — .+ \(Desktop\)$/),
    ]);
    for (const w of sessions) {
      expect(w.options.webPreferences?.preload).toBeUndefined();
      expect(w.options.webPreferences?.partition).toMatch(/^lfr-session-/);
      expect(w.loaded[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dcv\//);
    }
    expect(await invoke('session:open', ID, 'app')).toEqual({ ok: true, value: null });
    expect(first.windows.filter((w) => w !== launcher && !w.destroyed)).toHaveLength(2);
    const item = hook()
      .trayModel()
      .find((i) => i.label.startsWith('genomics-notebook'));
    expect(item?.submenu?.map((i) => i.label)).toEqual(
      expect.arrayContaining(['Show application', 'Show desktop']),
    );
    // The renderer heard about the windows, never their URLs.
    const sent = JSON.stringify(first.sent);
    expect(sent).toContain('windows:changed');
    expect(sent).not.toContain('authToken');
  });

  it.skipIf(process.platform === 'darwin')(
    "an extra display (window.open or a shift-click on a link) has the session menu and shortcuts, not Electron's default menu",
    async () => {
      const app = first.windows.find((w) => !w.destroyed && / \(Application\)$/.test(w.title))!;
      const origin = new URL(app.webContents.getURL()).origin;
      app.webContents.windowOpen(`${origin}/dcv/?display=2`);
      app.webContents.linkClick(`${origin}/dcv/?display=3`, 'middle');
      const displays = first.windows.filter((w) => !w.destroyed && / — display \d$/.test(w.title));
      expect(displays).toHaveLength(2);
      type Item = { label?: string; role?: string; submenu?: Item[] };
      for (const d of displays) {
        const items = ((d.shownMenu() as { template: Item[] }).template ?? []).flatMap((i) => [
          i,
          ...(i.submenu ?? []),
        ]);
        expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['Reconnect', 'Show launcher']));
        expect(items.map((i) => i.role)).not.toContain('toggleDevTools');
        // Ctrl+Alt+Shift+L in the display brings the launcher back, as in its session window.
        launcher.visible = false;
        let prevented = false;
        d.webContents.emit(
          'before-input-event',
          { preventDefault: () => (prevented = true) },
          { type: 'keyDown', code: 'KeyL', key: 'l', control: true, meta: false, alt: true, shift: true },
        );
        expect([prevented, launcher.visible]).toEqual([true, true]);
      }
      await vi.waitFor(() =>
        expect(first.windows.filter((w) => !w.destroyed && !w.visible && w !== launcher)).toEqual([]),
      );
      for (const d of displays) d.close();
    },
  );

  it('the tray item of a stopped computer reads "Start and open application" and its click starts it and opens the window', async () => {
    type Entry = { label?: string; click?: () => void; submenu?: Entry[] };
    const template = () => (first.trays[0]!.menu as { template: Entry[] }).template;
    const find = (items: Entry[], label: string): Entry | undefined =>
      items.flatMap((i) => [i, ...(i.submenu ?? [])]).find((i) => i.label?.startsWith(label));
    const gpu = find(template(), 'model-training-gpu');
    expect(gpu?.label).toMatch(/stopped/);
    const item = find(gpu?.submenu ?? [], 'Start and open application');
    expect(item?.label).toBe('Start and open application');
    item!.click!();
    const opened = () =>
      first.windows.some((w) => !w.destroyed && /^model-training-gpu — .+ \(Application\)$/.test(w.title));
    await eventually(opened, 'the application session window');
    expect(find(template(), 'model-training-gpu')?.label).toMatch(/running/);
  }, 30_000);

  describe("one report per failed open, whatever asked (main's reporter)", () => {
    const MISSING = 'demo/us-east-2/no-such-computer';
    type Hook = { openSession(id: string, k: string, o?: object, source?: string): Promise<{ ok: boolean }> };
    const titles = (from: number) =>
      first.notifications.slice(from).map((r) => (r.deref()?.opts as { title?: string } | undefined)?.title);
    const until = (done: () => boolean) => eventually(done, 'the notifications of an open');

    it("a row, the tray, a session window's menu and a shortcut each get exactly one notification", async () => {
      const counts: Record<string, number> = {};
      const mark = first.notifications.length;
      let at = mark;
      expect(await invoke('session:open', MISSING, 'app')).toMatchObject({
        ok: false,
        error: { kind: 'not-found' },
      });
      await new Promise((r) => setTimeout(r, 20));
      counts.row = first.notifications.length - at;
      for (const source of ['tray', 'menu', 'shortcut']) {
        at = first.notifications.length;
        expect(await (hook() as unknown as Hook).openSession(MISSING, 'app', {}, source)).toMatchObject({
          ok: false,
        });
        await new Promise((r) => setTimeout(r, 20));
        counts[source] = first.notifications.length - at;
      }
      expect(counts).toEqual({ row: 1, tray: 1, menu: 1, shortcut: 1 });
      expect(titles(mark).every((t) => t === 'no-such-computer: session failed')).toBe(true);
      expect(first.errorBoxes).toEqual([]);
    });

    it('a failing link is one notification, and the same link again at once is not another', async () => {
      const at = first.notifications.length;
      const link = `lfr-launcher://open/${MISSING}?kind=desktop`;
      first.appEvents.emit('open-url', { preventDefault() {} }, link);
      await until(() => first.notifications.length > at);
      first.appEvents.emit('open-url', { preventDefault() {} }, link);
      await new Promise((r) => setTimeout(r, 100));
      expect(titles(at)).toEqual(['Could not open no-such-computer']);
    });

    it('a link to a stopped computer is asked on its row (no notification), and answered from the row opens it', async () => {
      const STOPPED = 'demo-lab/us-west-2/lab-rstudio';
      const at = first.notifications.length;
      const sentAt = first.sent.length;
      first.appEvents.emit('open-url', { preventDefault() {} }, `lfr-launcher://open/${STOPPED}?kind=app`);
      const asked = () => first.sent.slice(sentAt).find((m) => m.channel === 'session:startQuestion');
      await until(() => asked() !== undefined);
      expect(asked()?.payload).toEqual({ computerId: STOPPED, kind: 'app' });
      expect(launcher.visible).toBe(true);
      expect(first.notifications.length).toBe(at);
      // The row's "Start and open": the renderer answers with the user's consent.
      expect(await invoke('session:open', STOPPED, 'app', { startComputer: true })).toEqual({
        ok: true,
        value: null,
      });
      expect(
        first.windows.some((w) => !w.destroyed && /^lab-rstudio — .+ \(Application\)$/.test(w.title)),
      ).toBe(true);
    }, 30_000);
  });

  it('closes a webContents the window factories did not create', async () => {
    const Ctor = launcher.constructor as unknown as new (o: object) => FakeWindow;
    const stray = new Ctor({ webPreferences: {} });
    // Electron aborts the load of a closed webContents: loadURL rejects (ERR_ABORTED).
    await expect(stray.loadURL('https://evil.test/')).rejects.toThrow(/ERR_ABORTED/);
    expect(stray.destroyed).toBe(true);
    // And a <webview> is refused everywhere.
    let prevented = false;
    launcher.webContents.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, {});
    expect(prevented).toBe(true);
  });

  it('never trusts a bad certificate', () => {
    const answers: boolean[] = [];
    first.appEvents.emit(
      'certificate-error',
      { preventDefault() {} },
      launcher.webContents,
      'https://dcv.example.com/?authToken=x',
      'net::ERR_CERT_AUTHORITY_INVALID',
      {},
      (ok: boolean) => answers.push(ok),
    );
    expect(answers).toEqual([false]);
  });

  it('hides the launcher on close (closeToTray) instead of quitting', () => {
    launcher.visible = true;
    launcher.close();
    expect(launcher.destroyed).toBe(false);
    expect(launcher.visible).toBe(false);
  });
});

describe('main process boot: what must not stop the app, and what stops it visibly', () => {
  const trustedIn = (s: FakeElectronState) => {
    const w = s.windows[0]!;
    return {
      sender: w.webContents,
      senderFrame: { url: 'app://launcher/index.html', parent: null, ...w.webContents.mainFrame },
    };
  };
  const invokeIn = (s: FakeElectronState, channel: string, ...args: unknown[]) =>
    s.ipcHandlers.get(channel)!(trustedIn(s), ...args);

  it('starts on defaults, and says so naming the file, when settings.json is a directory', async () => {
    const s = await boot((st) => mkdirSync(join(st.userData, 'settings.json')));
    expect([s.exitCode, s.errorBoxes]).toEqual([undefined, []]);
    expect(s.windows).toHaveLength(1);
    expect(await invokeIn(s, 'settings:get')).toMatchObject({ closeToTray: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(s.messageBoxes).toContainEqual(
      expect.objectContaining({ detail: expect.stringContaining(join(s.userData, 'settings.json')) }),
    );
  });

  const withLabProfile = async <T>(run: () => Promise<T>): Promise<T> => {
    const aws = join(outDir, 'aws-lab');
    mkdirSync(aws, { recursive: true });
    // One real-looking profile (so no demo, and the cache is read) whose endpoint refuses at once.
    writeFileSync(
      join(aws, 'config'),
      '[profile lab]\nregion = us-east-2\nendpoint_url = http://127.0.0.1:9\n',
    );
    writeFileSync(
      join(aws, 'credentials'),
      '[lab]\naws_access_key_id = AKIDLAB\naws_secret_access_key = secret\n',
    );
    Object.assign(process.env, {
      AWS_CONFIG_FILE: join(aws, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(aws, 'credentials'),
    });
    try {
      return await run();
    } finally {
      Object.assign(process.env, {
        AWS_CONFIG_FILE: join(outDir, 'no-such-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(outDir, 'no-such-credentials'),
      });
    }
  };
  const good = {
    id: 'lab/us-east-2/cached-one',
    name: 'cached-one',
    profile: 'lab',
    region: 'us-east-2',
    state: 'stopped',
    app: { id: 'jl', name: 'JupyterLab' },
    plan: { id: 'b' },
  };

  it('starts with the good entries of a list cache that holds a null computer or one with fields missing', async () => {
    const computers = [null, good, { id: 'lab/us-east-2/half', name: 'half' }];
    await withLabProfile(async () => {
      const s = await boot((st) =>
        writeFileSync(
          join(st.userData, 'computer-list.json'),
          JSON.stringify({ list: { computers, errors: [], refreshedAt: 't' } }),
        ),
      );
      expect([s.exitCode, s.errorBoxes]).toEqual([undefined, []]);
      expect(await invokeIn(s, 'app:info')).toMatchObject({ demo: false });
      expect(((await invokeIn(s, 'computers:list', {})) as { computers: unknown[] }).computers).toEqual([
        good,
      ]);
    });
  });

  it('switched to the demo from a real start, opens its loopback session windows and keeps the real list cache as it was', async () => {
    await withLabProfile(async () => {
      const cache = JSON.stringify({ list: { computers: [good], errors: [], refreshedAt: 't' } });
      const s = await boot((st) => writeFileSync(join(st.userData, 'computer-list.json'), cache));
      expect(await invokeIn(s, 'app:startDemo')).toMatchObject({ demo: true });
      await invokeIn(s, 'computers:refresh');
      expect(await invokeIn(s, 'session:open', ID, 'app')).toEqual({ ok: true, value: null });
      expect(s.windows.some((w) => /^http:\/\/127\.0\.0\.1:\d+\/dcv\//.test(w.loaded[0] ?? ''))).toBe(true);
      expect(readFileSync(join(s.userData, 'computer-list.json'), 'utf8')).toBe(cache);
    });
  });

  it('shows any other startup failure with the log file path and exits with code 1', async () => {
    const s = await boot((st) => (st.failProtocolHandle = true));
    expect(s.exitCode).toBe(1);
    expect(s.errorBoxes).toHaveLength(1);
    expect(s.errorBoxes[0]!.content).toContain(join(s.userData, 'logs', 'main.log'));
    expect(s.errorBoxes[0]!.content).toContain('protocol.handle refused');
  });

  // The build as shipped, but its app module cannot load (as when the bundle threw "Dynamic
  // require of crypto" before main ran a line): the guard Electron starts says so and exits.
  const brokenBuild = () => {
    const dir = join(outDir, `broken-${Math.random().toString(36).slice(2)}`, 'main');
    cpSync(dirname(bundle), dir, { recursive: true });
    writeFileSync(
      join(dir, 'index.js'),
      "import { createHash } from 'node:crypto';\nimport './chunks/no-such-chunk.js';\ncreateHash('sha256');\n",
    );
    return join(dir, 'entry.js');
  };

  it('a main module that cannot load is shown with the reason and exits 1, leaving no process behind', async () => {
    const s = await boot(undefined, brokenBuild());
    expect(s.exitCode).toBe(1);
    expect(s.windows).toEqual([]);
    expect(s.errorBoxes).toHaveLength(1);
    expect(s.errorBoxes[0]!.title).toMatch(/could not start$/);
    expect(s.errorBoxes[0]!.content).toMatch(/main module could not load:[\s\S]*no-such-chunk\.js/);
  });

  it('--self-check of a main that cannot load prints a FAIL verdict and exits 1', async () => {
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.argv.push('--self-check');
    process.stdout.write = ((chunk: string) => (
      out.push(String(chunk)),
      true
    )) as typeof process.stdout.write;
    try {
      const s = await boot(undefined, brokenBuild());
      expect(s.exitCode).toBe(1);
      expect(s.errorBoxes).toEqual([]);
    } finally {
      process.stdout.write = write;
      process.argv.splice(process.argv.indexOf('--self-check'), 1);
    }
    expect(out.join('')).toMatch(
      /FAIL {2}load {2}the app's main module could not load: .*no-such-chunk\.js[\s\S]*0 passed, 1 failed: the launcher is NOT working/,
    );
  });

  it('without a tray, closing the launcher minimises it and says why once', async () => {
    const s = await boot((st) => (st.noTray = true));
    expect([s.exitCode, s.trays]).toEqual([undefined, []]);
    const w = s.windows[0]!;
    w.close();
    w.close();
    expect([w.destroyed, w.minimized]).toEqual([false, true]);
    expect(s.messageBoxes.filter((m) => /minimised/.test(JSON.stringify(m)))).toHaveLength(1);
  });

  it('started at login (--hidden, as every login entry passes it) makes the launcher without showing it', async () => {
    process.argv.push('--hidden');
    try {
      const s = await boot();
      await new Promise((r) => setTimeout(r, 20));
      expect(s.windows).toHaveLength(1);
      expect(s.windows[0]!.loaded).toEqual(['app://launcher/index.html']);
      expect(s.windows[0]!.visible).toBe(false);
    } finally {
      process.argv.splice(process.argv.indexOf('--hidden'), 1);
    }
  });

  it('says in app:info why the global shortcut is not in effect when the desktop refused it', async () => {
    const s = await boot((st) => {
      st.refuseShortcuts = true;
      writeFileSync(
        join(st.userData, 'settings.json'),
        JSON.stringify({ globalShortcut: 'CmdOrCtrl+Alt+Shift+S' }),
      );
    });
    expect(await invokeIn(s, 'app:info')).toMatchObject({
      shortcutError: expect.stringContaining('CmdOrCtrl+Alt+Shift+S'),
    });
    expect(await invokeIn(first, 'app:info')).not.toHaveProperty('shortcutError');
  });

  it('gives Linux windows the app icon', () => {
    if (process.platform !== 'linux') return;
    expect(launcher.options.icon).toMatch(/build[\\/]icons[\\/]256x256\.png$/);
    expect(existsSync(launcher.options.icon as string)).toBe(true);
    const session = first.windows.find((w) => w.options.webPreferences?.partition);
    expect(session?.options.icon).toBe(launcher.options.icon);
  });

  it('leaves the --enable-features the user passed as it was', async () => {
    const g = globalThis as unknown as { __fakeElectronPreset?: Partial<FakeElectronState> };
    g.__fakeElectronPreset = { commandLine: new Map([['enable-features', 'WebRTCPipeWireCapturer']]) };
    const s = await boot();
    expect(s.commandLine.get('enable-features')).toBe('WebRTCPipeWireCapturer');
  });

  it('a second instance (the lock is lost) makes no window, registers nothing and quits', async () => {
    const g = globalThis as unknown as {
      __fakeElectron?: FakeElectronState;
      __fakeElectronPreset?: Partial<FakeElectronState>;
    };
    delete g.__fakeElectron;
    g.__fakeElectronPreset = { lockTaken: true };
    await importMain(bundle);
    const s = fake();
    booted.push(s);
    s.appPath = root;
    s.ready();
    await new Promise((r) => setTimeout(r, 50));
    expect([s.windows.length, s.ipcHandlers.size, s.trays.length, s.quitCalled]).toEqual([0, 0, 0, 1]);
    expect(s.quitLog).toEqual(['before-quit', 'will-quit']);
  });

  it('Quit closes every window first; staying on a session page that guards unload cancels it, and the launcher still hides to the tray afterwards', async () => {
    const s = await boot();
    const inS = (channel: string, ...args: unknown[]) => invokeIn(s, channel, ...args);
    await inS('computers:refresh');
    s.network = () => ({ guardsUnload: true });
    expect(await inS('session:open', ID, 'app')).toEqual({ ok: true, value: null });
    s.network = () => ({});
    type Entry = { label?: string; click?: () => void; submenu?: Entry[] };
    const quit = () =>
      (s.trays[0]!.menu as { template: Entry[] }).template.find((i) => i.label === 'Quit')!.click!();
    // The fake's "Leave the session?" answers Stay.
    quit();
    expect(s.quitLog.at(-1)).toBe('cancelled');
    expect(s.quitLog).not.toContain('will-quit');
    const session = s.windows.find((w) => / \(Application\)$/.test(w.title))!;
    expect(session.destroyed).toBe(false);
    // The quit was cancelled, so closing the launcher hides it to the tray again.
    (s.trays[0]!.menu as { template: Entry[] }).template.find((i) => i.label === 'Show launcher')!.click!();
    const shown = s.windows.filter((w) => !w.destroyed && w.loaded[0] === 'app://launcher/index.html');
    expect(shown).toHaveLength(1);
    shown[0]!.close();
    expect([shown[0]!.destroyed, shown[0]!.visible]).toEqual([false, false]);
    // Leaving the page lets the next Quit through, down to will-quit.
    session.webContents.guardsUnload = false;
    quit();
    expect(s.quitLog.at(-1)).toBe('will-quit');
    expect(s.windows.every((w) => w.destroyed)).toBe(true);
  });
});
