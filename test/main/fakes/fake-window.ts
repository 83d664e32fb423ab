// The one stand-in for BrowserWindow / WebContents / Session: what the window code uses (the
// session window manager, the launcher window, and main booted on the fake electron module,
// fake-electron.ts), recording what it was asked to do, and behaving as Electron does where the
// shell depends on it (close can be prevented, a destroyed window is gone from fromId):
// - loadURL settles like Electron's: it resolves after did-navigate and did-finish-load, and
//   rejects (after did-fail-load with Chromium's code) when the load fails or is aborted;
// - a server redirect fires will-redirect, and preventing it aborts the load (-3);
// - a certificate the system does not trust goes through the session's verify proc (0 accepts,
//   -2 fails the load with ERR_FAILED, -3 keeps Chromium's verdict); with no proc, or -3,
//   certificate-error fires and the load fails with ERR_CERT_AUTHORITY_INVALID (-202); the
//   proc's answer is cached per host and certificate, as the network service does, so a
//   refusal given once is what later connections get;
// - a page that guards unload (beforeunload) fires will-prevent-unload on close() and before
//   the next loadURL; unless the handler calls preventDefault, the close silently does not
//   happen and the load is aborted, as in Electron;
// - window.open runs the window open handler; a createWindow override must return the
//   webContents it was given, or Electron throws.
// What the "network" answers is set per test with FakeWindow.network.
import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions } from 'electron';
import type { Rect } from '../../../electron/core/window-state.js';
import type { SessionContentsLike, SessionLike, SessionWindowLike, VerifyRequest } from '../../../electron/main/windows/session-window.js';
import type { WindowOpenAnswer } from '../../../electron/main/windows/navigation-guard.js';

let nextId = 1;

/** What a URL answers in the fake network. */
export interface FakeServerAnswer {
  /** HTTP status of the page (default 200). */
  status?: number;
  /** A server redirect (302) to this URL. */
  redirectTo?: string;
  /** A network failure with Chromium's code, e.g. { code: -105, description: 'ERR_NAME_NOT_RESOLVED' }. */
  fail?: { code: number; description: string };
  /** The server's certificate: PEM, and whether the system (a public CA) vouches for it. */
  certificate?: { pem: string; systemTrusted: boolean };
  /** The page registers a beforeunload handler that returns a value. */
  guardsUnload?: boolean;
}

type VerifyProc = (request: VerifyRequest, callback: (result: number) => void) => void;

export class FakeSession extends EventEmitter implements SessionLike {
  requestHandler: Parameters<SessionLike['setPermissionRequestHandler']>[0] = null;
  checkHandler: Parameters<SessionLike['setPermissionCheckHandler']>[0] = null;
  verifyProc: VerifyProc | null = null;
  /** The network service's cache of the proc's answers, per host and certificate. */
  readonly verifyCache = new Map<string, number>();
  setPermissionRequestHandler(h: Parameters<SessionLike['setPermissionRequestHandler']>[0]) {
    this.requestHandler = h;
  }
  setPermissionCheckHandler(h: Parameters<SessionLike['setPermissionCheckHandler']>[0]) {
    this.checkHandler = h;
  }
  getPreloadScripts(): { filePath: string }[] {
    return [];
  }
  setCertificateVerifyProc(proc: VerifyProc | null) {
    this.verifyProc = proc;
  }
  /** What a TLS connection to host (page load or WebSocket) gets: undefined when it may proceed, else Chromium's error. */
  async verify(hostname: string, cert: { pem: string; systemTrusted: boolean }, contents?: FakeContents): Promise<{ code: number; description: string } | undefined> {
    const proc = this.verifyProc;
    const cacheKey = `${hostname}\n${cert.pem}`;
    const cached = this.verifyCache.get(cacheKey);
    const result =
      cached ??
      (proc
        ? await new Promise<number>((resolve) =>
            proc({ hostname, certificate: { data: cert.pem }, verificationResult: cert.systemTrusted ? 'OK' : 'net::ERR_CERT_AUTHORITY_INVALID', errorCode: cert.systemTrusted ? 0 : -202 }, resolve),
          )
        : -3);
    if (proc) this.verifyCache.set(cacheKey, result);
    if (result === 0) return undefined;
    if (result === -3 && cert.systemTrusted) return undefined;
    if (result === -3) {
      // Chromium's own verdict failed: certificate-error (page loads only), refused unless a handler trusts it.
      let trusted = false;
      contents?.emit('certificate-error', { preventDefault() {} }, `https://${hostname}/`, 'net::ERR_CERT_AUTHORITY_INVALID', { data: cert.pem }, (ok: boolean) => (trusted = ok));
      return trusted ? undefined : { code: -202, description: 'ERR_CERT_AUTHORITY_INVALID' };
    }
    return { code: -2, description: 'ERR_FAILED' };
  }
}

const sessions = new Map<string, FakeSession>();
/** A fresh app run: no partition (and no cached certificate verdict) survives. */
export function resetSessions(): void {
  sessions.clear();
}
export function sessionFor(partition: string): FakeSession {
  let s = sessions.get(partition);
  if (!s) sessions.set(partition, (s = new FakeSession()));
  return s;
}

export class FakeContents extends EventEmitter implements SessionContentsLike {
  /** Where every send() lands (fake-electron points it at its shared state). */
  static sent: { channel: string; payload: unknown }[] = [];
  /** Where executeJavaScript is answered (fake-electron sets it from its state). */
  static executeJavaScript: ((contents: FakeContents, code: string) => unknown) | undefined;
  readonly id = nextId++;
  readonly mainFrame = { processId: 100 + this.id, routingId: 1 };
  /** The window showing these contents (set by the window that creates or adopts them). */
  owner: FakeWindow | undefined;
  openHandler: ((d: { url: string }) => WindowOpenAnswer) | undefined;
  destroyed = false;
  /** The page now shown guards unload. */
  guardsUnload = false;
  url = '';
  constructor(readonly session: FakeSession) {
    super();
  }
  setWindowOpenHandler(h: (d: { url: string }) => WindowOpenAnswer) {
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
    return this.url || (this.owner?.loaded.at(-1) ?? '');
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
  /** Simulate a navigation event (will-navigate, will-attach-webview…); returns true when it was prevented. */
  navigate(event: string, url: string, isMainFrame = true): boolean {
    let prevented = false;
    this.emit(event, { url, isMainFrame, preventDefault: () => (prevented = true) });
    return prevented;
  }
  /** The page asks to leave (close, navigate): true when it may. */
  mayUnload(): boolean {
    if (!this.guardsUnload) return true;
    let prevented = false;
    this.emit('will-prevent-unload', { preventDefault: () => (prevented = true) });
    return prevented;
  }
  /** A user gesture in the page (key press or click). */
  userGesture(kind: 'key' | 'mouse' = 'mouse') {
    if (kind === 'key') this.emit('before-input-event', { preventDefault() {} }, { type: 'keyDown', code: 'KeyA', key: 'a', control: false, meta: false, alt: false, shift: false });
    else this.emit('before-mouse-event', { preventDefault() {} }, { type: 'mouseDown', x: 1, y: 1, button: 'left', clickCount: 1 });
  }
  /** The page calls window.open(url): the child contents when a window opened, else undefined. */
  windowOpen(url: string): FakeContents | undefined {
    const answer = this.openHandler?.({ url }) ?? { action: 'allow' as const };
    if (answer.action === 'deny') return undefined;
    if (!('createWindow' in answer)) throw new Error('the fake only supports window.open with a createWindow override');
    const child = new FakeContents(this.session);
    const returned = answer.createWindow({ webContents: child, webPreferences: { partition: '' } } as never) as unknown;
    if (returned !== child) throw new Error('Invalid webContents. Created window should be connected to webContents passed with options object.');
    return child;
  }
}

export class FakeWindow extends EventEmitter implements SessionWindowLike {
  static all: FakeWindow[] = [];
  /** Called for each new window (fake-electron announces its webContents to the app). */
  static onCreated: ((w: FakeWindow) => void) | undefined;
  /** What the fake network answers for a URL (default: a plain 200 page). */
  static network: (url: string) => FakeServerAnswer = () => ({});
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
  private shown = false;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    this.title = options.title ?? '';
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    const adopted = (options as { webContents?: unknown }).webContents;
    this.webContents = adopted instanceof FakeContents ? adopted : new FakeContents(sessionFor(options.webPreferences?.partition ?? ''));
    this.webContents.owner = this;
    FakeWindow.all.push(this);
    FakeWindow.onCreated?.(this);
  }
  static fromId(id: number): FakeWindow | null {
    return FakeWindow.all.find((w) => w.id === id && !w.destroyed) ?? null;
  }
  static getAllWindows(): FakeWindow[] {
    return FakeWindow.all.filter((w) => !w.destroyed);
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    const wc = this.webContents;
    // Let the caller's await start before events flow, as IPC to the renderer does.
    await Promise.resolve();
    const fail = (code: number, description: string): never => {
      wc.emit('did-fail-load', {}, code, description, url, true, 1, 1);
      // Electron's message names the URL: callers must never log it.
      throw Object.assign(new Error(`${description} (${code}) loading '${url}'`), { code: description, errno: code, url });
    };
    if (!wc.mayUnload()) fail(-3, 'ERR_ABORTED');
    wc.emit('did-start-navigation', { url, isMainFrame: true });
    if (wc.destroyed) fail(-3, 'ERR_ABORTED');
    let target = url;
    for (let hops = 0; ; hops++) {
      const answer = FakeWindow.network(target);
      const u = new URL(target);
      const tls = answer.certificate && u.protocol === 'https:' ? await wc.session.verify(u.hostname, answer.certificate, wc) : undefined;
      if (tls) fail(tls.code, tls.description);
      if (answer.fail) fail(answer.fail.code, answer.fail.description);
      if (answer.redirectTo && hops < 20) {
        const to = new URL(answer.redirectTo, target).href;
        if (wc.navigate('will-redirect', to, true)) fail(-3, 'ERR_ABORTED');
        target = to;
        continue;
      }
      wc.url = target;
      wc.guardsUnload = !!answer.guardsUnload;
      const status = answer.status ?? 200;
      wc.emit('did-navigate', {}, target, status, status === 200 ? 'OK' : 'Error');
      wc.emit('did-finish-load');
      if (!this.shown) {
        this.shown = true;
        this.emit('ready-to-show');
      }
      return;
    }
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
    // A guarded page keeps the window open, silently, unless will-prevent-unload is handled.
    if (!this.webContents.mayUnload()) return;
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
