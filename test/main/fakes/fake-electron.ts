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
  /** The code app.exit() was called with, if it was. */
  exitCode?: number;
  /** Answers webContents.executeJavaScript (the page side of the self-check). */
  executeJavaScript?: (contents: { id: number; owner: FakeBrowserWindow }, code: string) => unknown;
  /** Notifications shown. */
  notifications: unknown[];
  ready: () => void;
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
  notifications: [],
  ready: () => undefined,
});
state.notifications ??= [];

let ids = 1;

class FakeSession extends EventEmitter {
  requestHandler: unknown;
  checkHandler: unknown;
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
  getURL() {
    return this.owner.loaded.at(-1) ?? '';
  }
  isLoading() {
    return false;
  }
  /**
   * What Electron reports it applied: like real Electron (WebContentsPreferences::
   * SaveLastPreferences), only the security switches with defaults filled in; never the
   * preload or the partition.
   */
  getLastWebPreferences() {
    if (this.destroyed) return null;
    const p = (this.owner.options.webPreferences ?? {}) as Record<string, unknown>;
    const flag = (k: string, d: boolean) => (typeof p[k] === 'boolean' ? p[k] : d);
    return {
      nodeIntegration: flag('nodeIntegration', false),
      nodeIntegrationInSubFrames: flag('nodeIntegrationInSubFrames', false),
      sandbox: flag('sandbox', !flag('nodeIntegration', false)),
      contextIsolation: flag('contextIsolation', true),
      javascript: flag('javascript', true),
      enableWebSQL: flag('enableWebSQL', false),
      webviewTag: flag('webviewTag', false),
      disablePopups: flag('disablePopups', false),
      webSecurity: flag('webSecurity', true),
      allowRunningInsecureContent: flag('allowRunningInsecureContent', false),
      experimentalFeatures: flag('experimentalFeatures', false),
      enableBlinkFeatures: typeof p.enableBlinkFeatures === 'string' ? p.enableBlinkFeatures : '',
    };
  }
  async executeJavaScript(code: string) {
    return state.executeJavaScript?.(this, code);
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
  static getAllWindows() {
    return state.windows.filter((w) => !w.destroyed);
  }
  async loadURL(url: string) {
    this.loaded.push(url);
    this.webContents.emit('did-start-navigation', { url, isMainFrame: true });
    queueMicrotask(() => this.emit('ready-to-show'));
  }
  setTitle(t: string) {
    this.title = t;
  }
  getTitle() {
    return this.title;
  }
  isVisible() {
    return this.visible;
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

class FakeNotification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(readonly opts: unknown) {
    super();
  }
  // Like Electron, a shown notification says so with a 'show' event.
  show() {
    state.notifications.push(this.opts);
    queueMicrotask(() => this.emit('show'));
  }
  close() {}
}

let readyResolve: () => void = () => undefined;
const readyPromise = new Promise<void>((r) => (readyResolve = r));
state.ready = () => readyResolve();

export const app = {
  on: (e: string, l: (...a: unknown[]) => void) => (state.appEvents.on(e, l), app),
  once: (e: string, l: (...a: unknown[]) => void) => (state.appEvents.once(e, l), app),
  whenReady: () => readyPromise,
  off: (e: string, l: (...a: unknown[]) => void) => (state.appEvents.off(e, l), app),
  requestSingleInstanceLock: () => true,
  hasSingleInstanceLock: () => true,
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
  exit: (code = 0) => {
    state.exitCode = code;
  },
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
// net.fetch reaches the handlers registered with protocol.handle, as in Electron.
export const net = {
  fetch: async (url: string) => {
    const handler = state.protocolHandlers.get(new URL(url).protocol.replace(/:$/, ''));
    if (!handler) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME ${url}`);
    return handler(new Request(url));
  },
};
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
export const contextBridge = { exposeInMainWorld: () => undefined };
export const ipcRenderer = {};
