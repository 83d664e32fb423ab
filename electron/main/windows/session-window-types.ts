// The shapes of the session window layer: what the manager needs from Electron (narrowed so
// tests pass fakes), what it needs from the shell, and what it offers the shell. No behaviour
// here, so every file of the layer can import it without a cycle.
import type { BrowserWindowConstructorOptions, Certificate } from 'electron';
import type { CertificateDecision, CertificateFacts, CertificatePin } from '../../core/certificate-policy.js';
import type { WindowHost } from '../../core/ports.js';
import type { DisplayArea, Rect, WindowPlacement } from '../../core/window-state.js';
import type { ComputerId, SessionKind } from '../../shared/models.js';
import type { GuardedContents } from './navigation-guard.js';
import type { PermissionSession } from './permissions.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- Electron's overloaded `on` signatures */
type Listener = (...args: any[]) => void;

/** What Electron's verify proc is given (Electron's `Request`), as far as the policy reads it. */
export interface VerifyRequest {
  hostname: string;
  certificate: { data: string };
  verificationResult: string;
  errorCode: number;
}

/** The session (partition) of a session window, as far as the manager uses it. */
export interface SessionLike extends PermissionSession {
  on(event: 'will-download', listener: Listener): unknown;
  /** 0 accepts, -2 refuses, -3 keeps Chromium's own verdict. */
  setCertificateVerifyProc(
    proc: ((request: VerifyRequest, callback: (result: number) => void) => void) | null,
  ): void;
}

/** The webContents of a session window, as far as the manager uses it. */
export interface SessionContentsLike extends GuardedContents {
  readonly id: number;
  readonly session: SessionLike;
  on(event: string, listener: Listener): unknown;
  isDestroyed(): boolean;
}

/** The BrowserWindow methods the manager uses; tests pass a small fake. */
export interface SessionWindowLike {
  readonly id: number;
  readonly webContents: SessionContentsLike;
  loadURL(url: string): Promise<void>;
  setTitle(title: string): void;
  show(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  close(): void;
  isMinimized(): boolean;
  isMaximized(): boolean;
  isFocused(): boolean;
  isDestroyed(): boolean;
  getNormalBounds(): Rect;
  setProgressBar(progress: number): void;
  on(event: string, listener: Listener): unknown;
  once(event: string, listener: Listener): unknown;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Why a session page needs the user: the renderer crashed or the page did not load. */
export interface BrokenSession {
  computerId: ComputerId;
  kind: SessionKind;
  reason: string;
}

/** A certificate the policy refused, for the prompt. */
export type RefusedCertificate = Extract<CertificateDecision, { action: 'refuse' }>;

/** The user's answer to a refused certificate. */
export type CertificateAnswer = 'trust' | 'browser' | 'cancel';

/** What the manager needs from the shell. */
export interface SessionWindowDeps {
  createWindow(options: BrowserWindowConstructorOptions): SessionWindowLike;
  placements: {
    get(key: string): WindowPlacement | undefined;
    set(key: string, placement: WindowPlacement): void;
  };
  screen: { all(): DisplayArea[]; primary(): DisplayArea; displayIdFor(bounds: Rect): number | undefined };
  /** Ask the user before handing an https link to the system browser. */
  confirmExternal(url: string, parent: SessionWindowLike): Promise<boolean>;
  openExternal(url: string): void;
  /** Offer Reconnect / Open in browser / Close (a native dialog in the shell). */
  onBroken(broken: BrokenSession, win: SessionWindowLike): void;
  /** Certificate pins (settings) and the prompt over the window (session-dialogs.ts). */
  certificates?: {
    pins(): readonly CertificatePin[];
    /** Pin it; false when the pin could not be saved (the shell has told the user). */
    trust(facts: CertificateFacts, win: SessionWindowLike): boolean;
    ask(refused: RefusedCertificate, win: SessionWindowLike): Promise<CertificateAnswer>;
  };
  /** The page guards unload: ask "Leave the session?" now (Electron needs the answer synchronously). */
  confirmLeave?(win: SessionWindowLike): boolean;
  /** The user stayed on such a page: whatever closed it (a Quit included) did not happen. */
  onStay?(): void;
  /** A server asked for a client certificate: the index the user chose, or undefined for none. */
  chooseClientCertificate?(
    host: string,
    certificates: readonly Certificate[],
    win: SessionWindowLike,
  ): Promise<number | undefined>;
  /** Microphone and webcam, per computer: the remembered answer, and asking once. */
  media?: {
    granted(computerId: ComputerId): boolean | undefined;
    ask(computerId: ComputerId, computerName: string, win: SessionWindowLike | undefined): Promise<boolean>;
  };
  /** Called once per partition session (downloads, etc.). */
  prepareSession?(session: SessionLike, computerId: ComputerId): void;
  /** Called once per window (native menu, etc.). */
  prepareWindow?(win: SessionWindowLike, computerId: ComputerId, kind: SessionKind): void;
  log: { info(...a: unknown[]): void; warn(...a: unknown[]): void };
  icon?: string;
  defaultSize?: { width: number; height: number };
  now?: () => number;
}

/** A WindowHost over BrowserWindows, plus what the shell needs for menus and shortcuts. */
export interface SessionWindowManager extends WindowHost {
  /** Open windows of a computer, by kind. */
  windowsOf(computerId: ComputerId): Partial<Record<SessionKind, SessionWindowLike>>;
  /** Most recently focused first. */
  history(): { computerId: ComputerId; kind: SessionKind }[];
  /** Taskbar progress on a computer's open windows (-1 to clear). */
  setProgress(computerId: ComputerId, fraction: number): void;
  /** Hand the session's URL to the system browser (the user asked); false when not open. */
  openInBrowser(computerId: ComputerId, kind: SessionKind): boolean;
  /** Close every window (on quit). */
  closeAll(): void;
}

/** What one load of a session URL met, collected from the window's events. */
export interface LoadAttempt {
  status?: number;
  statusText?: string;
  failure?: { code: number; description: string };
  blocked?: string;
  refused?: RefusedCertificate;
  /** The question the verify proc raised about that certificate. */
  question?: Promise<CertificateAnswer>;
  /** The user chose to stay on a page that guards unload. */
  kept?: boolean;
}

/** Per-window state of prompts: at most one at a time, and only after the user did something. */
export interface PromptState {
  open: boolean;
  lastGesture: number;
}

/** A session window as the certificate check sees it: its origin and the load it is running. */
export interface CertificateSubject {
  readonly origin: string;
  readonly attempt: LoadAttempt | undefined;
  readonly win: SessionWindowLike;
}
