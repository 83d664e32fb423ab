// A stand-in for the 'electron' module, good enough to boot electron/main/index.ts in Node:
// the boot test bundles main with this in place of electron. Its state lives on globalThis so
// the test (which imports its own copy) sees what main did.
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDownloadItem, type SaveDialogAnswer, type ShownSaveDialog } from './fake-download.js';
import { DEFAULT_MENU, FakeContents, FakeWindow, sessionFor } from './fake-window.js';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export interface FakeElectronState {
  userData: string;
  appPath: string;
  ipcHandlers: Map<string, Handler>;
  windows: FakeWindow[];
  protocolHandlers: Map<string, (r: Request) => Promise<Response>>;
  privileged: unknown[];
  trays: FakeTray[];
  appEvents: EventEmitter;
  sent: { channel: string; payload: unknown }[];
  quitCalled: number;
  /** The code app.exit was called with, if it was. */
  exitCode: number | undefined;
  errorBoxes: { title: string; content: string }[];
  messageBoxes: unknown[];
  appUserModelId: string | undefined;
  switches: [string, string | undefined][];
  /** Make `new Tray()` throw, as on a desktop without a tray. */
  noTray: boolean;
  /** Make protocol.handle throw, standing for any failure during startup. */
  failProtocolHandle: boolean;
  /** Make globalShortcut.register answer false (taken, or Wayland without the portal). */
  refuseShortcuts: boolean;
  /** Another instance holds the single-instance lock: requestSingleInstanceLock() answers false. */
  lockTaken: boolean;
  /** Notification.isSupported() (false: macOS unauthorised, Linux without a notification server). */
  notificationsSupported: boolean;
  /** Make every notification's show() fail with this error ('failed' event), as Windows does without the AUMID shortcut. */
  notificationsFail: string | undefined;
  /** Chromium's command line switches (app.commandLine), the user's included. */
  commandLine: Map<string, string>;
  /** Every stage of a quit, in order: 'before-quit', 'close <title>', 'cancelled', 'will-quit'. */
  quitLog: string[];
  /** Answers webContents.executeJavaScript (the page side of the self-check). */
  executeJavaScript?: (contents: { id: number; owner?: FakeWindow }, code: string) => unknown;
  /** Notifications made, held weakly: nothing here keeps one alive for main. */
  notifications: WeakRef<FakeNotification>[];
  /** What the fake network answers a session window's loadURL (default: a 200 page). */
  network: (url: string) => {
    status?: number;
    fail?: { code: number; description: string };
    guardsUnload?: boolean;
  };
  /** How the user answers a download's save dialog (default: saves where it proposes). */
  saveDialog?: (shown: ShownSaveDialog) => SaveDialogAnswer | Promise<SaveDialogAnswer>;
  /** Every download save dialog shown, with its options and parent window. */
  saveDialogs: ShownSaveDialog[];
  ready: () => void;
}

// Knobs a test sets before main loads (the lock is asked for then): merged into the next state made.
const g = globalThis as unknown as {
  __fakeElectron?: FakeElectronState;
  __fakeElectronPreset?: Partial<FakeElectronState>;
};
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
  exitCode: undefined,
  errorBoxes: [],
  messageBoxes: [],
  appUserModelId: undefined,
  switches: [],
  noTray: false,
  failProtocolHandle: false,
  refuseShortcuts: false,
  lockTaken: false,
  notificationsSupported: true,
  notificationsFail: undefined,
  commandLine: new Map(),
  quitLog: [],
  notifications: [],
  network: () => ({}),
  saveDialogs: [],
  ready: () => undefined,
  ...g.__fakeElectronPreset,
});
delete g.__fakeElectronPreset;

// One window fake for every test (fake-window.ts); here its windows join the shared state and
// announce their webContents to the app, as Electron does.
FakeWindow.all = state.windows;
FakeWindow.applicationMenu = DEFAULT_MENU;
FakeContents.sent = state.sent;
FakeWindow.onCreated = (w) => void state.appEvents.emit('web-contents-created', {}, w.webContents);
FakeWindow.network = (url) => (url.startsWith('app://') ? {} : state.network(url));
FakeContents.executeJavaScript = (contents, code) => state.executeJavaScript?.(contents, code);
FakeDownloadItem.dialogs = state.saveDialogs;
FakeDownloadItem.saveDialog = (shown) =>
  state.saveDialog?.(shown) ?? { canceled: false, filePath: shown.options.defaultPath ?? '' };

class FakeTray extends EventEmitter {
  menu: unknown;
  constructor(readonly image: unknown) {
    super();
    if (state.noTray) throw new Error('no StatusNotifierWatcher on the session bus');
    state.trays.push(this);
  }
  setToolTip() {}
  setContextMenu(m: unknown) {
    this.menu = m;
  }
  destroy() {}
}

export class FakeNotification extends EventEmitter {
  // Electron: false where the OS offers none (docs/api/notification.md).
  static isSupported() {
    return state.notificationsSupported;
  }
  constructor(readonly opts: unknown) {
    super();
    // Held weakly, as Electron does: an unreferenced Notification is collected, and with it
    // its click handler, even while it is still on screen.
    state.notifications.push(new WeakRef(this));
  }
  // Like Electron, a shown notification says so with a 'show' event.
  // Or a 'failed' event with the OS's error (docs/api/notification.md, Windows).
  show() {
    const error = state.notificationsFail;
    queueMicrotask(() => (error === undefined ? this.emit('show') : this.emit('failed', {}, error)));
  }
  close() {}
}

/**
 * Copy a value across the context bridge as Electron documents it: functions are proxied
 * (their arguments, results and errors copied the same way), other values copied and frozen;
 * an Error keeps only its message; an object loses its prototype (a class instance keeps its
 * own data, not its methods); symbols and other unclonable values fail.
 */
export function bridgeCopy(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (
    value === null ||
    value === undefined ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  )
    return value;
  if (typeof value === 'bigint' || typeof value === 'symbol')
    throw new TypeError('An object could not be cloned.');
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

// Readiness lives on the shared state, not in this copy of the module: the spec's own import,
// main's import and a CommonJS require('electron') (electron-log's) may each load a copy.
const readiness = ((
  state as unknown as { readiness?: { done: boolean; promise: Promise<void> } }
).readiness ??= (() => {
  const r = { done: false, promise: Promise.resolve() };
  r.promise = new Promise<void>((resolve) => (state.ready = () => ((r.done = true), resolve())));
  return r;
})());

export const app = {
  on: (e: string, l: (...a: unknown[]) => void) => (state.appEvents.on(e, l), app),
  once: (e: string, l: (...a: unknown[]) => void) => (state.appEvents.once(e, l), app),
  whenReady: () => readiness.promise,
  isReady: () => readiness.done,
  off: (e: string, l: (...a: unknown[]) => void) => (state.appEvents.off(e, l), app),
  requestSingleInstanceLock: () => !state.lockTaken,
  hasSingleInstanceLock: () => !state.lockTaken,
  setPath: () => undefined,
  getPath: (name: string) => join(state.userData, name === 'userData' ? '' : name),
  getAppPath: () => state.appPath,
  getName: () => 'Lightsail for Research Launcher',
  getVersion: () => '0.0.0-boot',
  setAsDefaultProtocolClient: () => true,
  // No handler registered for other schemes (dcv:), as on a machine without the DCV client.
  getApplicationNameForProtocol: () => '',
  isPackaged: false,
  getLoginItemSettings: () => ({ wasOpenedAtLogin: false }),
  setLoginItemSettings: () => undefined,
  setBadgeCount: () => true,
  quit: () => quit(),
  // Like the real one: the process ends, nothing after it runs (later events are not emitted).
  exit: (code = 0) => {
    state.exitCode = code;
    state.appEvents.removeAllListeners();
  },
  setAppUserModelId: (id: string) => void (state.appUserModelId = id),
  // Chromium's CommandLine keeps one value per switch: appending one replaces it.
  commandLine: {
    appendSwitch: (s: string, v?: string) =>
      void (state.switches.push([s, v]), state.commandLine.set(s, v ?? '')),
    hasSwitch: (s: string) => state.commandLine.has(s),
    getSwitchValue: (s: string) => state.commandLine.get(s) ?? '',
  },
};

/**
 * app.quit() as Electron's Browser::Quit (shell/browser/browser.cc): before-quit (preventable),
 * then every window is closed (WindowList::CloseAllWindows); a window whose close is prevented,
 * or whose page keeps it (will-prevent-unload not answered), cancels the quit
 * (Browser::OnWindowCloseCancelled); only when all are gone: will-quit (preventable), then quit.
 */
function quit(): void {
  state.quitCalled++;
  const event = () => ({
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  });
  const before = event();
  state.quitLog.push('before-quit');
  state.appEvents.emit('before-quit', before);
  if (before.defaultPrevented) return;
  for (const w of [...state.windows]) {
    if (w.destroyed) continue;
    state.quitLog.push(`close ${w.title}`);
    w.close();
    if (!w.destroyed) {
      state.quitLog.push('cancelled');
      return;
    }
  }
  const willQuit = event();
  state.quitLog.push('will-quit');
  state.appEvents.emit('will-quit', willQuit);
  if (!willQuit.defaultPrevented) state.appEvents.emit('quit', willQuit, 0);
}
export const BrowserWindow = FakeWindow;
// An EventEmitter as Electron's is (electron-log listens with on()); handle() refuses a second
// handler for a channel, as Electron does ("Attempted to register a second handler").
class FakeIpcMain extends EventEmitter {
  handle(c: string, h: Handler) {
    if (state.ipcHandlers.has(c)) throw new Error(`Attempted to register a second handler for '${c}'`);
    state.ipcHandlers.set(c, h);
  }
  removeHandler(c: string) {
    state.ipcHandlers.delete(c);
  }
}
export const ipcMain = new FakeIpcMain();
export const webContents = {
  getAllWebContents: () => state.windows.filter((w) => !w.destroyed).map((w) => w.webContents),
};
export const protocol = {
  registerSchemesAsPrivileged: (s: unknown[]) => void state.privileged.push(...s),
  handle: (scheme: string, h: (r: Request) => Promise<Response>) => {
    if (state.failProtocolHandle) throw new Error('protocol.handle refused');
    state.protocolHandlers.set(scheme, h);
  },
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
export const Menu = {
  buildFromTemplate: (t: unknown) => ({ template: t }),
  setApplicationMenu: (m: unknown) => void (FakeWindow.applicationMenu = m),
};
export const nativeImage = {
  createEmpty: () => ({ setTemplateImage() {} }),
  createFromPath: () => ({ setTemplateImage() {} }),
};
export const nativeTheme = { shouldUseDarkColors: false };
export const Notification = FakeNotification;
export const Tray = FakeTray;
const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
export const screen = {
  getAllDisplays: () => [display],
  getPrimaryDisplay: () => display,
  getDisplayMatching: () => display,
};
export const shell = { openExternal: async () => undefined };
export const dialog = {
  showMessageBox: async (...args: unknown[]) => (state.messageBoxes.push(args.at(-1)), { response: 1 }),
  showErrorBox: (title: string, content: string) => void state.errorBoxes.push({ title, content }),
  showMessageBoxSync: (...args: unknown[]) => (state.messageBoxes.push(args.at(-1)), 1),
};
export const globalShortcut = {
  register: () => !state.refuseShortcuts,
  unregister: () => undefined,
  unregisterAll: () => undefined,
};
// No contextBridge or ipcRenderer: in the main process Electron's module has neither, and a
// library that finds them (electron-log's preload half) takes itself for a renderer and throws.
