// The one stand-in for BrowserWindow / WebContents / Session: what the window code uses (the
// session window manager, the launcher window, and main booted on the fake electron module,
// fake-electron.ts), recording what it was asked to do, and behaving as Electron 45 does where
// the shell depends on it (close can be prevented, a destroyed window is gone from fromId):
// - loadURL settles like Electron's: it resolves after did-navigate and did-finish-load, and
//   rejects (after did-fail-load with Chromium's code) when the load fails or is aborted;
//   isLoading() is true meanwhile;
// - a server redirect fires will-redirect, and preventing it aborts the load (-3);
// - a certificate the system does not trust goes through the session's verify proc (0 accepts,
//   -2 fails the load with ERR_FAILED, -3 keeps Chromium's verdict); with no proc, or -3,
//   certificate-error fires and the load fails with ERR_CERT_AUTHORITY_INVALID (-202);
// - the proc's verdicts, refusals included, are cached per session (Chromium's
//   CachingCertVerifier, one per network context, wrapped around Electron's remote verifier in
//   patches/chromium/network_service_allow_remote_certificate_verification_logic.patch) for 30
//   minutes, and setting the proc again does not clear them (electron/electron#41448);
// - a TLS handshake gives up after 30 s (Chromium's SSL connect job) while the proc has not
//   answered: the load fails with ERR_TIMED_OUT and the late answer is dropped, not cached;
// - a server asking for a client certificate fires select-client-certificate with host:port
//   (shell/browser/api/electron_api_app.cc passes cert_request_info->host_and_port), not a URL;
// - a page that guards unload (beforeunload) fires will-prevent-unload on close() and before
//   the next loadURL; unless the handler calls preventDefault, the close silently does not
//   happen and the load is aborted, as in Electron;
// - window.open runs the window open handler; a createWindow override must return the
//   webContents it was given, or Electron throws; the child's webContents inherits the opener's
//   security preferences (makeWebPreferences, lib/browser/guest-window-manager.ts);
// - a shift- or middle-click on a link (Chromium's OpenURLFromTab) runs the same handler with no
//   child webContents: a createWindow override is called with none, its answer is not checked,
//   and nothing loads the URL or emits did-create-window (lib/browser/guest-window-manager.ts);
// - a file dropped onto a page that does not take it navigates to it only with
//   navigateOnDragDrop (default false), through will-navigate;
// - a download goes through the session's will-download and, with no save path, the save dialog
//   (fake-download.ts);
// - a window with no menu of its own shows the application menu, by default Electron's
//   (lib/browser/default-menu.ts: View has Reload and Toggle Developer Tools) on Windows and
//   Linux.
// What the "network" answers is set per test with FakeWindow.network.
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions } from 'electron';
import type { Rect } from '../../../electron/core/window-state.js';
import type {
  SessionContentsLike,
  SessionLike,
  SessionWindowLike,
  VerifyRequest,
} from '../../../electron/main/windows/session-window-types.js';
import type { WindowOpenAnswer } from '../../../electron/main/windows/navigation-guard.js';
import { FakeDownloadItem, type FakeDownloadSpec } from './fake-download.js';

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
  /** The server asks for a client certificate; the fake offers these. */
  clientCertificates?: { subjectName: string }[];
}

/** How long Chromium keeps a certificate verdict (CachingCertVerifier's TTL). */
export const VERDICT_TTL_MS = 30 * 60_000;
/** How long a TLS handshake may wait, the verify proc included (Chromium's SSL connect job). */
export const HANDSHAKE_TIMEOUT_MS = 30_000;

/** The security preferences a window.open child takes from its opener (guest-window-manager.ts). */
const INHERITED_SECURITY_PREFS: Record<string, boolean> = {
  contextIsolation: true,
  javascript: false,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  sandbox: true,
  webviewTag: false,
  nodeIntegrationInSubFrames: false,
  enableWebSQL: false,
};

/** Electron's default application menu (lib/browser/default-menu.ts), as far as tests read it. */
export const DEFAULT_MENU = {
  template: [
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'View', submenu: [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }] },
    { role: 'windowMenu' },
  ],
};

type VerifyProc = (request: VerifyRequest, callback: (result: number) => void) => void;

export class FakeSession extends EventEmitter implements SessionLike {
  requestHandler: Parameters<SessionLike['setPermissionRequestHandler']>[0] = null;
  checkHandler: Parameters<SessionLike['setPermissionCheckHandler']>[0] = null;
  verifyProc: VerifyProc | null = null;
  /** The network service's cache of the proc's answers, per host and certificate, with when they expire. */
  readonly verifyCache = new Map<string, { result: number; expires: number }>();
  /** How many times the proc was called. */
  procCalls = 0;
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
  /** A page of this session downloads `url` (a link with download, Content-Disposition: attachment): fake-download.ts. */
  download(url: string, spec: FakeDownloadSpec = {}, contents?: FakeContents): FakeDownloadItem {
    return new FakeDownloadItem(url, spec).start(this, contents, contents?.owner?.id);
  }
  /** What a TLS connection to host (page load or WebSocket) gets: undefined when it may proceed, else Chromium's error. */
  async verify(
    hostname: string,
    cert: { pem: string; systemTrusted: boolean },
    contents?: FakeContents,
  ): Promise<{ code: number; description: string } | undefined> {
    const proc = this.verifyProc;
    const cacheKey = `${hostname}\n${cert.pem}`;
    const cached = this.verifyCache.get(cacheKey);
    if (cached && cached.expires <= Date.now()) this.verifyCache.delete(cacheKey);
    let result = cached && cached.expires > Date.now() ? cached.result : undefined;
    if (result === undefined && proc) {
      this.procCalls++;
      const request = {
        hostname,
        certificate: { data: cert.pem },
        verificationResult: cert.systemTrusted ? 'OK' : 'net::ERR_CERT_AUTHORITY_INVALID',
        errorCode: cert.systemTrusted ? 0 : -202,
      };
      let timer: ReturnType<typeof setTimeout> | undefined;
      const answer = await Promise.race([
        new Promise<number>((resolve) => proc(request, resolve)),
        new Promise<'timeout'>(
          (resolve) => (timer = setTimeout(() => resolve('timeout'), HANDSHAKE_TIMEOUT_MS)),
        ),
      ]);
      clearTimeout(timer);
      // The handshake gave up: the request is cancelled, so its late answer is never cached.
      if (answer === 'timeout') return { code: -7, description: 'ERR_TIMED_OUT' };
      result = answer;
      this.verifyCache.set(cacheKey, { result, expires: Date.now() + VERDICT_TTL_MS });
    }
    result ??= -3;
    if (result === 0) return undefined;
    if (result === -3 && cert.systemTrusted) return undefined;
    if (result === -3) {
      // Chromium's own verdict failed: certificate-error (page loads only), refused unless a handler trusts it.
      let trusted = false;
      contents?.emit(
        'certificate-error',
        { preventDefault() {} },
        `https://${hostname}/`,
        'net::ERR_CERT_AUTHORITY_INVALID',
        { data: cert.pem },
        (ok: boolean) => (trusted = ok),
      );
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
  /** A load is running (loadURL called and not settled). */
  loading = false;
  /** Preferences this webContents was made with, when not its window's (a window.open child's). */
  inheritedPreferences: Record<string, unknown> | undefined;
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
    return this.loading;
  }
  /**
   * What Electron reports it applied: like real Electron (WebContentsPreferences::
   * SaveLastPreferences), only the security switches with defaults filled in; never the
   * preload or the partition.
   */
  getLastWebPreferences() {
    if (this.destroyed) return null;
    const p =
      this.inheritedPreferences ?? ((this.owner?.options.webPreferences ?? {}) as Record<string, unknown>);
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
  /**
   * Files dragged from the desktop and dropped onto the page. A page that takes the drop
   * (preventDefault on drop) gets the files; otherwise Chromium navigates to the first file only
   * when the window accepts load drops (webPreferences.navigateOnDragDrop, false by default:
   * WebContentsPreferences sets renderer_prefs->can_accept_load_drops from it), and that
   * navigation goes through will-navigate like any the page starts.
   */
  drop(paths: string[], pageTakesDrop: boolean): 'page' | 'ignored' | 'blocked' | 'navigated' {
    if (pageTakesDrop) return 'page';
    const prefs = (this.owner?.options.webPreferences ?? {}) as { navigateOnDragDrop?: boolean };
    if (prefs.navigateOnDragDrop !== true || paths.length === 0) return 'ignored';
    const url = pathToFileURL(paths[0]!).href;
    if (this.navigate('will-navigate', url)) return 'blocked';
    this.url = url;
    this.emit('did-navigate', {}, url, 200, 'OK');
    return 'navigated';
  }
  /** A user gesture in the page (key press or click). */
  userGesture(kind: 'key' | 'mouse' = 'mouse') {
    if (kind === 'key')
      this.emit(
        'before-input-event',
        { preventDefault() {} },
        { type: 'keyDown', code: 'KeyA', key: 'a', control: false, meta: false, alt: false, shift: false },
      );
    else
      this.emit(
        'before-mouse-event',
        { preventDefault() {} },
        { type: 'mouseDown', x: 1, y: 1, button: 'left', clickCount: 1 },
      );
  }
  /** The page calls window.open(url): the child contents when a window opened, else undefined. */
  windowOpen(url: string): FakeContents | undefined {
    const answer = this.openHandler?.({ url, disposition: 'new-window' } as { url: string }) ?? {
      action: 'allow' as const,
    };
    if (answer.action === 'deny') return undefined;
    if (!('createWindow' in answer))
      throw new Error('the fake only supports window.open with a createWindow override');
    const child = new FakeContents(this.session);
    // The child is made before the window that shows it, with the opener's security switches
    // (makeWebPreferences in lib/browser/guest-window-manager.ts), whatever that window asks for.
    child.inheritedPreferences = inheritedPreferences(this);
    const returned = answer.createWindow({
      webContents: child,
      webPreferences: { ...child.inheritedPreferences },
    } as never) as unknown;
    if (returned !== child)
      throw new Error(
        'Invalid webContents. Created window should be connected to webContents passed with options object.',
      );
    // The renderer navigates the new window itself.
    if (child.owner) void child.owner.loadURL(url).catch(() => undefined);
    return child;
  }
  /**
   * A shift- or middle-click on a link (Chromium's OpenURLFromTab): the window open handler runs
   * with no child webContents. A createWindow override gets none and its answer is not checked;
   * Electron neither loads the URL into that window nor emits did-create-window. Returns the
   * windows made meanwhile.
   */
  linkClick(url: string, how: 'shift' | 'middle' = 'shift'): FakeWindow[] {
    const before = new Set(FakeWindow.all);
    const disposition = how === 'shift' ? 'new-window' : 'background-tab';
    const answer = this.openHandler?.({ url, disposition } as { url: string }) ?? {
      action: 'allow' as const,
    };
    if (answer.action === 'allow') {
      if ('createWindow' in answer) answer.createWindow({ show: true, width: 800, height: 600 } as never);
      else void new FakeWindow({ show: true }).loadURL(url).catch(() => undefined);
    }
    return FakeWindow.all.filter((w) => !before.has(w));
  }
}

/** The security preferences a window.open child takes from its opener. */
function inheritedPreferences(opener: FakeContents): Record<string, unknown> {
  const parent = (opener.getLastWebPreferences() ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, secure] of Object.entries(INHERITED_SECURITY_PREFS))
    if (parent[k] === secure) out[k] = secure;
  return out;
}

export class FakeWindow extends EventEmitter implements SessionWindowLike {
  static all: FakeWindow[] = [];
  /** Called for each new window (fake-electron announces its webContents to the app). */
  static onCreated: ((w: FakeWindow) => void) | undefined;
  /** What the fake network answers for a URL (default: a plain 200 page). */
  static network: (url: string) => FakeServerAnswer = () => ({});
  /** The application menu (Menu.setApplicationMenu); Electron's default until one is set. */
  static applicationMenu: unknown = DEFAULT_MENU;
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
  /** The window's own menu (setMenu, or null after removeMenu); undefined when it has none. */
  menu: unknown;
  bounds: Rect;
  private shown = false;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    this.title = options.title ?? '';
    this.bounds = {
      x: options.x ?? 0,
      y: options.y ?? 0,
      width: options.width ?? 800,
      height: options.height ?? 600,
    };
    const adopted = (options as { webContents?: unknown }).webContents;
    this.webContents =
      adopted instanceof FakeContents
        ? adopted
        : new FakeContents(sessionFor(options.webPreferences?.partition ?? ''));
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
    wc.loading = true;
    try {
      await this.load(url);
    } finally {
      wc.loading = false;
    }
  }
  private async load(url: string): Promise<void> {
    const wc = this.webContents;
    // Let the caller's await start before events flow, as IPC to the renderer does.
    await Promise.resolve();
    const fail = (code: number, description: string): never => {
      wc.emit('did-fail-load', {}, code, description, url, true, 1, 1);
      // Electron's message names the URL: callers must never log it.
      throw Object.assign(new Error(`${description} (${code}) loading '${url}'`), {
        code: description,
        errno: code,
        url,
      });
    };
    if (!wc.mayUnload()) fail(-3, 'ERR_ABORTED');
    wc.emit('did-start-navigation', { url, isMainFrame: true });
    if (wc.destroyed) fail(-3, 'ERR_ABORTED');
    let target = url;
    for (let hops = 0; ; hops++) {
      const answer = FakeWindow.network(target);
      const u = new URL(target);
      const tls =
        answer.certificate && u.protocol === 'https:'
          ? await wc.session.verify(u.hostname, answer.certificate, wc)
          : undefined;
      if (tls) fail(tls.code, tls.description);
      if (answer.clientCertificates && u.protocol === 'https:')
        await askClientCertificate(wc, u, answer.clientCertificates);
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
    for (const w of FakeWindow.all)
      if (w !== this && w.focused) {
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
  /** The menu the user sees on this window: its own, else (Windows, Linux) the application menu. */
  shownMenu(): unknown {
    return this.menu !== undefined ? this.menu : FakeWindow.applicationMenu;
  }
  /** Emit page-title-updated; true when the manager kept its own title. */
  pageRetitled(): boolean {
    let prevented = false;
    this.emit('page-title-updated', { preventDefault: () => (prevented = true) }, 'DCV');
    return prevented;
  }
}

/** Chromium's client certificate request: host:port (HostPortPair::ToString), the user's pick or none. */
function askClientCertificate(
  wc: FakeContents,
  u: URL,
  certificates: { subjectName: string }[],
): Promise<unknown> {
  const port = u.port || '443';
  return new Promise((resolve) => {
    let prevented = false;
    wc.emit(
      'select-client-certificate',
      { preventDefault: () => (prevented = true) },
      `${u.hostname}:${port}`,
      certificates,
      resolve,
    );
    // Unhandled, Electron picks the first certificate.
    if (!prevented) resolve(certificates[0]);
  });
}
