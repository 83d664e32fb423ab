// The one stand-in for BrowserWindow / WebContents / Session: what the window code uses (the
// session window manager, the launcher window, and main booted on the fake electron module,
// fake-electron.ts), recording what it was asked to do. Where real Electron is strict (close
// can be prevented, a destroyed window is gone from fromId), so is the fake.
import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions } from 'electron';
import type { Rect } from '../../../electron/core/window-state.js';
import type { SessionContentsLike, SessionLike, SessionWindowLike } from '../../../electron/main/windows/session-window.js';

let nextId = 1;

export class FakeSession extends EventEmitter implements SessionLike {
  requestHandler: Parameters<SessionLike['setPermissionRequestHandler']>[0] = null;
  checkHandler: Parameters<SessionLike['setPermissionCheckHandler']>[0] = null;
  setPermissionRequestHandler(h: Parameters<SessionLike['setPermissionRequestHandler']>[0]) {
    this.requestHandler = h;
  }
  setPermissionCheckHandler(h: Parameters<SessionLike['setPermissionCheckHandler']>[0]) {
    this.checkHandler = h;
  }
  getPreloadScripts(): { filePath: string }[] {
    return [];
  }
}

const sessions = new Map<string, FakeSession>();
export function sessionFor(partition: string): FakeSession {
  let s = sessions.get(partition);
  if (!s) sessions.set(partition, (s = new FakeSession()));
  return s;
}

export class FakeContents extends EventEmitter implements SessionContentsLike {
  /** Where every send() lands (fake-electron points it at its shared state). */
  static sent: { channel: string; payload: unknown }[] = [];
  readonly id = nextId++;
  readonly mainFrame = { processId: 100 + this.id, routingId: 1 };
  openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
  destroyed = false;
  constructor(readonly session: FakeSession, readonly owner?: FakeWindow) {
    super();
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }) {
    this.openHandler = h;
  }
  isDestroyed() {
    return this.destroyed;
  }
  send(channel: string, payload: unknown) {
    FakeContents.sent.push({ channel, payload });
  }
  getType() {
    return 'window';
  }
  getURL() {
    return this.owner?.loaded.at(-1) ?? '';
  }
  isLoading() {
    return false;
  }
  /** Where executeJavaScript is answered (fake-electron sets it from its state). */
  static executeJavaScript: ((contents: FakeContents, code: string) => unknown) | undefined;
  /**
   * What Electron reports it applied: like real Electron (WebContentsPreferences::
   * SaveLastPreferences), only the security switches with defaults filled in; never the
   * preload or the partition.
   */
  getLastWebPreferences() {
    if (this.destroyed) return null;
    const p = (this.owner?.options.webPreferences ?? {}) as Record<string, unknown>;
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
    return FakeContents.executeJavaScript?.(this, code);
  }
  close() {
    this.owner?.close();
  }
  /** Simulate a navigation-like event (will-navigate, will-attach-webview…); returns true when it was prevented. */
  navigate(event: string, url: string, isMainFrame = true): boolean {
    let prevented = false;
    this.emit(event, { url, isMainFrame, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

export class FakeWindow extends EventEmitter implements SessionWindowLike {
  static all: FakeWindow[] = [];
  /** Called for each new window (fake-electron announces its webContents to the app). */
  static onCreated: ((w: FakeWindow) => void) | undefined;
  readonly id = nextId++;
  readonly webContents: FakeContents;
  loaded: string[] = [];
  title: string;
  focused = false;
  minimized = false;
  maximized = false;
  visible = false;
  destroyed = false;
  focusCount = 0;
  progress: number[] = [];
  menu: unknown;
  bounds: Rect;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    this.title = options.title ?? '';
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.webContents = new FakeContents(sessionFor(options.webPreferences?.partition ?? ''), this);
    FakeWindow.all.push(this);
    FakeWindow.onCreated?.(this);
  }
  static fromId(id: number): FakeWindow | null {
    return FakeWindow.all.find((w) => w.id === id && !w.destroyed) ?? null;
  }
  static getAllWindows(): FakeWindow[] {
    return FakeWindow.all.filter((w) => !w.destroyed);
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
    for (const w of FakeWindow.all) if (w !== this && w.focused) {
      w.focused = false;
      w.emit('blur');
    }
    this.focused = true;
    this.focusCount++;
    this.emit('focus');
  }
  restore() {
    this.minimized = false;
  }
  minimize() {
    this.minimized = true;
  }
  maximize() {
    this.maximized = true;
  }
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
    return this.minimized;
  }
  isMaximized() {
    return this.maximized;
  }
  isFocused() {
    return this.focused;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  setProgressBar(p: number) {
    this.progress.push(p);
  }
  setMenu(m: unknown) {
    this.menu = m;
  }
  removeMenu() {
    this.menu = null;
  }
  /** Emit page-title-updated; true when the manager kept its own title. */
  pageRetitled(): boolean {
    let prevented = false;
    this.emit('page-title-updated', { preventDefault: () => (prevented = true) }, 'DCV');
    return prevented;
  }
}
