// A stand-in for the 'electron' module, good enough to boot electron/main/index.ts in Node:
// the boot test bundles main with this in place of electron. Its state lives on globalThis so
// the test (which imports its own copy) sees what main did.
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export interface FakeElectronState {
  userData: string;
  appPath: string;
  ipcHandlers: Map<string, Handler>;
  windows: FakeBrowserWindow[];
  protocolHandlers: Map<string, (r: Request) => Promise<Response>>;
  privileged: unknown[];
  trays: FakeTray[];
  appEvents: EventEmitter;
  sent: { channel: string; payload: unknown }[];
  quitCalled: number;
  ready: () => void;
  /** What the fake network answers a session window's loadURL (default: a 200 page). */
  network: (url: string) => { status?: number; fail?: { code: number; description: string }; guardsUnload?: boolean };
  /** What the preload exposed, as the page would see it (copied by the bridge's rules). */
  exposed: Record<string, unknown>;
  /** Notifications shown, held weakly: nothing here keeps one alive for main. */
  notifications: WeakRef<FakeNotification>[];
}

const g = globalThis as unknown as { __fakeElectron?: FakeElectronState };
const state: FakeElectronState = (g.__fakeElectron ??= {
  userData: mkdtempSync(join(tmpdir(), 'lfr-boot-')),
  appPath: process.cwd(),
  ipcHandlers: new Map(),
  windows: [],
  protocolHandlers: new Map(),
  privileged: [],
  trays: [],
  appEvents: new EventEmitter(),
  sent: [],
  quitCalled: 0,
  ready: () => undefined,
  network: () => ({}),
  exposed: {},
  notifications: [],
});

let ids = 1;

class FakeSession extends EventEmitter {
  requestHandler: unknown;
  checkHandler: unknown;
  verifyProc: unknown = null;
  setCertificateVerifyProc(p: unknown) {
    this.verifyProc = p;
  }
  setPermissionRequestHandler(h: unknown) {
    this.requestHandler = h;
  }
  setPermissionCheckHandler(h: unknown) {
    this.checkHandler = h;
  }
  getPreloadScripts() {
    return [];
  }
}
const sessions = new Map<string, FakeSession>();
const sessionFor = (p: string) => sessions.get(p) ?? (sessions.set(p, new FakeSession()), sessions.get(p)!);

class FakeWebContents extends EventEmitter {
  readonly id = ids++;
  readonly mainFrame = { processId: 100 + this.id, routingId: 1 };
  openHandler: ((d: { url: string }) => unknown) | undefined;
  destroyed = false;
  constructor(readonly session: FakeSession, readonly owner: FakeBrowserWindow) {
    super();
  }
  setWindowOpenHandler(h: (d: { url: string }) => unknown) {
    this.openHandler = h;
  }
  isDestroyed() {
    return this.destroyed;
  }
  send(channel: string, payload: unknown) {
    state.sent.push({ channel, payload });
  }
  getType() {
    return 'window';
  }
  close() {
    this.owner.close();
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly id = ids++;
  readonly webContents: FakeWebContents;
  loaded: string[] = [];
  title: string;
  visible = false;
  focused = false;
  destroyed = false;
  menu: unknown;
  constructor(readonly options: { title?: string; webPreferences?: { partition?: string; preload?: string } }) {
    super();
    this.title = options.title ?? '';
    this.webContents = new FakeWebContents(sessionFor(options.webPreferences?.partition ?? ''), this);
    state.windows.push(this);
    state.appEvents.emit('web-contents-created', {}, this.webContents);
  }
  static fromId(id: number) {
    return state.windows.find((w) => w.id === id && !w.destroyed) ?? null;
  }
  guardsUnload = false;
  private shown = false;
  /** Like Electron: resolves after did-navigate/did-finish-load, rejects after did-fail-load. */
  async loadURL(url: string) {
    this.loaded.push(url);
    await Promise.resolve();
    const wc = this.webContents;
    const fail = (code: number, description: string): never => {
      wc.emit('did-fail-load', {}, code, description, url, true, 1, 1);
      throw Object.assign(new Error(`${description} (${code}) loading '${url}'`), { code: description, errno: code, url });
    };
    if (this.guardsUnload && !this.unloadAllowed()) fail(-3, 'ERR_ABORTED');
    wc.emit('did-start-navigation', { url, isMainFrame: true });
    if (wc.destroyed) fail(-3, 'ERR_ABORTED');
    const answer = url.startsWith('app://') ? {} : state.network(url);
    if (answer.fail) fail(answer.fail.code, answer.fail.description);
    this.guardsUnload = !!answer.guardsUnload;
    const status = answer.status ?? 200;
    wc.emit('did-navigate', {}, url, status, status === 200 ? 'OK' : 'Error');
    wc.emit('did-finish-load');
    if (!this.shown) {
      this.shown = true;
      this.emit('ready-to-show');
    }
  }
  /** A guarded page may unload only when a will-prevent-unload handler calls preventDefault. */
  private unloadAllowed(): boolean {
    let prevented = false;
    this.webContents.emit('will-prevent-unload', { preventDefault: () => (prevented = true) });
    return prevented;
  }
  setTitle(t: string) {
    this.title = t;
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {
    for (const w of state.windows) w.focused = false;
    this.focused = true;
    this.emit('focus');
  }
  restore() {}
  maximize() {}
  close() {
    if (this.destroyed) return;
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    // Electron: a page's beforeunload silently keeps the window, unless will-prevent-unload is handled.
    if (this.guardsUnload && !this.unloadAllowed()) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  isMinimized() {
    return false;
  }
  isMaximized() {
    return false;
  }
  isFocused() {
    return this.focused;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getNormalBounds() {
    return { x: 10, y: 10, width: 1000, height: 700 };
  }
  setProgressBar() {}
  setMenu(m: unknown) {
    this.menu = m;
  }
  removeMenu() {
    this.menu = null;
  }
}

class FakeTray extends EventEmitter {
  menu: unknown;
  constructor(readonly image: unknown) {
    super();
    state.trays.push(this);
  }
  setToolTip() {}
  setContextMenu(m: unknown) {
    this.menu = m;
  }
  destroy() {}
}

export class FakeNotification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(readonly opts: unknown) {
    super();
    // Held weakly, as Electron does: an unreferenced Notification is collected, and with it
    // its click handler, even while it is still on screen.
    state.notifications.push(new WeakRef(this));
  }
  show() {}
}

/**
 * Copy a value across the context bridge as Electron documents it: functions are proxied
 * (their arguments, results and errors copied the same way), other values copied and frozen;
 * an Error keeps only its message; an object loses its prototype (a class instance keeps its
 * own data, not its methods); symbols and other unclonable values fail.
 */
export function bridgeCopy(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint' || typeof value === 'symbol') throw new TypeError('An object could not be cloned.');
  if (typeof value === 'function') {
    const fn = value as (...a: unknown[]) => unknown;
    return (...args: unknown[]) => {
      let out: unknown;
      try {
        out = fn(...args.map((a) => bridgeCopy(a)));
      } catch (err) {
        // eslint-disable-next-line preserve-caught-error -- the bridge drops everything but the message, cause included
        throw new Error(err instanceof Error ? err.message : String(err));
      }
      return bridgeCopy(out);
    };
  }
  if (value instanceof Promise) {
    return value.then(
      (v) => bridgeCopy(v),
      (err: unknown) => {
        throw new Error(err instanceof Error ? err.message : String(err));
      },
    );
  }
  if (value instanceof Error) return new Error(value.message);
  const obj = value as object;
  if (seen.has(obj)) return seen.get(obj);
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) {
    const arr: unknown[] = [];
    seen.set(obj, arr);
    for (const v of value) arr.push(bridgeCopy(v, seen));
    return Object.freeze(arr);
  }
  const out: Record<string, unknown> = {};
  seen.set(obj, out);
  for (const [k, v] of Object.entries(value)) out[k] = bridgeCopy(v, seen);
  return Object.freeze(out);
}

let readyResolve: () => void = () => undefined;
const readyPromise = new Promise<void>((r) => (readyResolve = r));
state.ready = () => readyResolve();

export const app = {
  on: (e: string, l: (...a: unknown[]) => void) => (state.appEvents.on(e, l), app),
  once: (e: string, l: (...a: unknown[]) => void) => (state.appEvents.once(e, l), app),
  whenReady: () => readyPromise,
  requestSingleInstanceLock: () => true,
  setPath: () => undefined,
  getPath: (name: string) => join(state.userData, name === 'userData' ? '' : name),
  getAppPath: () => state.appPath,
  getName: () => 'Lightsail for Research Launcher',
  getVersion: () => '0.0.0-boot',
  setAsDefaultProtocolClient: () => true,
  isPackaged: false,
  getLoginItemSettings: () => ({ wasOpenedAtLogin: false }),
  setLoginItemSettings: () => undefined,
  setBadgeCount: () => true,
  quit: () => {
    state.quitCalled++;
    const ev = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    state.appEvents.emit('before-quit', ev);
    if (!ev.defaultPrevented) state.appEvents.emit('will-quit', ev);
  },
  exit: () => undefined,
};
export const BrowserWindow = FakeBrowserWindow;
export const ipcMain = {
  handle: (c: string, h: Handler) => void state.ipcHandlers.set(c, h),
  removeHandler: (c: string) => void state.ipcHandlers.delete(c),
};
export const protocol = {
  registerSchemesAsPrivileged: (s: unknown[]) => void state.privileged.push(...s),
  handle: (scheme: string, h: (r: Request) => Promise<Response>) => void state.protocolHandlers.set(scheme, h),
};
export const session = { defaultSession: sessionFor('') };
export const Menu = { buildFromTemplate: (t: unknown) => ({ template: t }), setApplicationMenu: () => undefined };
export const nativeImage = { createEmpty: () => ({ setTemplateImage() {} }), createFromPath: () => ({ setTemplateImage() {} }) };
export const nativeTheme = { shouldUseDarkColors: false };
export const Notification = FakeNotification;
export const Tray = FakeTray;
const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
export const screen = { getAllDisplays: () => [display], getPrimaryDisplay: () => display, getDisplayMatching: () => display };
export const shell = { openExternal: async () => undefined };
export const dialog = {
  showMessageBox: async () => ({ response: 1 }),
  showErrorBox: () => undefined,
};
export const globalShortcut = { register: () => true, unregister: () => undefined, unregisterAll: () => undefined };
export const contextBridge = {
  exposeInMainWorld: (key: string, api: unknown) => {
    if (key in state.exposed) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
    state.exposed[key] = bridgeCopy(api);
  },
};
export const ipcRenderer = {};
