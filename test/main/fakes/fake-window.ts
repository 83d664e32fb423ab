// A small stand-in for BrowserWindow / WebContents / Session implementing just what the
// session window manager uses, recording what it was asked to do.
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
}

const sessions = new Map<string, FakeSession>();
export function sessionFor(partition: string): FakeSession {
  let s = sessions.get(partition);
  if (!s) sessions.set(partition, (s = new FakeSession()));
  return s;
}

export class FakeContents extends EventEmitter implements SessionContentsLike {
  readonly id = nextId++;
  openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
  destroyed = false;
  constructor(readonly session: FakeSession) {
    super();
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }) {
    this.openHandler = h;
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** Simulate a navigation event; returns true when it was prevented. */
  navigate(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string, isMainFrame = true): boolean {
    let prevented = false;
    this.emit(event, { url, isMainFrame, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

export class FakeWindow extends EventEmitter implements SessionWindowLike {
  static all: FakeWindow[] = [];
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
  bounds: Rect;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    this.title = options.title ?? '';
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.webContents = new FakeContents(sessionFor(options.webPreferences?.partition ?? ''));
    FakeWindow.all.push(this);
  }
  async loadURL(url: string) {
    this.loaded.push(url);
    queueMicrotask(() => this.emit('ready-to-show'));
  }
  setTitle(t: string) {
    this.title = t;
  }
  show() {
    this.visible = true;
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
  maximize() {
    this.maximized = true;
  }
  close() {
    if (this.destroyed) return;
    this.emit('close', { preventDefault() {} });
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
  /** Emit page-title-updated; true when the manager kept its own title. */
  pageRetitled(): boolean {
    let prevented = false;
    this.emit('page-title-updated', { preventDefault: () => (prevented = true) }, 'DCV');
    return prevented;
  }
}
