// Ports: what the core needs from the outside world. The Electron shell, the browser test
// host and unit tests each implement them, so the core never imports electron.
import type { LightsailClient } from '@aws-sdk/client-lightsail';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { DcvClient } from './dcv-client.js';
import type { SignIn } from './sso-sign-in.js';
import type { SignInRef } from '../shared/models.js';
import type { EventChannel, EventPayload, LauncherService } from '../shared/ipc-contract.js';
import type { OpenSource } from '../shared/vocabulary.js';
import type {
  ComputerId,
  ComputerList,
  LauncherError,
  OpenWindow,
  ProfileSummary,
  Result,
  SessionKind,
  SessionProgress,
  Settings,
} from '../shared/models.js';

import type { Clock } from './clock.js';

export { abortableSleep, MAX_TIMER_MS, systemClock, type Clock } from './clock.js';

/** What a session window is opened with. The URL carries a token: never log or persist it. */
export interface SessionWindowRequest {
  computerId: ComputerId;
  /** Computer name, for the title. */
  computerName: string;
  kind: SessionKind;
  /** DCV session name from Lightsail. */
  sessionName: string;
  url: string;
  /** "<computer> — <session name> (Application|Desktop)" */
  title: string;
  /** Plain http on loopback is acceptable (the demo and test environments only). */
  allowLoopbackHttp?: boolean;
}

/** Opens, focuses and closes session windows: BrowserWindows in Electron, pages in tests. */
export interface WindowHost {
  /** Open the window, or focus it (reloading with the new URL when given a fresh one). */
  open(req: SessionWindowRequest): Promise<void>;
  /** Bring an open window to front; false when it is not open. */
  focus(computerId: ComputerId, kind: SessionKind): boolean;
  /** Close one kind, or both when kind is omitted. */
  close(computerId: ComputerId, kind?: SessionKind): void;
  list(): OpenWindow[];
  /** Subscribe to open/close/focus changes; returns an unsubscribe function. */
  onChange(listener: (windows: OpenWindow[]) => void): () => void;
}

/** Hands a session to something other than a launcher window: the DCV client or the browser. */
export interface SessionHandoff {
  /** Where the DCV client is, or why it cannot be used. */
  dcvClient(): Promise<DcvClient>;
  /** Open the session URL in the DCV client (connection file written, read, deleted). */
  openInDcvClient(url: string): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** Hand the session URL to the system browser. */
  openInBrowser(url: string): Promise<void>;
}

/** The one button a notification offers: keep a session going, or sign in again. */
export type NotificationAction =
  { id: 'keep-going'; label: string } | { id: 'sign-in'; label: string; signIn: SignInRef };

/** Desktop notifications. */
export interface Notifier {
  /** `action`: the one button a notification offers (Keep going, for a session about to end). */
  notify(n: { title: string; body: string; computerId?: ComputerId; action?: NotificationAction }): void;
}

/** What a failed open was about. */
export interface OpenFailureAbout {
  computerId: ComputerId;
  kind: SessionKind;
  /** The computer's name, for the words the user reads. */
  name: string;
  /** It was a Reconnect of an open window. */
  reconnect?: boolean;
}

/**
 * Tells the user that an open failed, in the way that fits where it was asked from
 * (notification, dialog or the row's message). The core calls it once per failed open; the
 * shell implements it (electron/main/open-reporter.ts), other hosts take the core's default.
 */
export type OpenFailureReporter = (source: OpenSource, error: LauncherError, about: OpenFailureAbout) => void;

/** Persistent settings (conf in the shell, memory in tests). */
export interface SettingsStore {
  get(): Settings;
  update(patch: Partial<Settings>): Settings;
}

/** Where a Lightsail client for one profile × region comes from. */
export interface ClientFactory {
  client(profile: string, region: string): LightsailClient;
}

/** Credentials for one profile (cached and refreshed by the SDK provider). */
export type CredentialsFor = (profile: string) => AwsCredentialIdentityProvider;

/** Profiles on this machine, re-read on demand. */
export interface ProfileSource {
  list(): Promise<ProfileSummary[]>;
  /** Forget cached credentials (after the user signed in again). */
  invalidate(profile?: string): void;
}

/** The last known computer list, so the launcher paints at once on start. */
export interface ListCache {
  load(): ComputerList | undefined;
  save(list: ComputerList): void;
}

/** An AWS environment the launcher works against: real profiles, or the demo simulator. */
export interface Environment {
  profiles: ProfileSource;
  clients: ClientFactory;
  /** Loopback http session URLs are accepted only in demo and test environments. */
  allowLoopbackHttp: boolean;
  demo: boolean;
  /** IAM Identity Center sign-in for this environment's profiles (none in demo mode). */
  signIn?: SignIn;
  dispose(): Promise<void>;
}

/** Everything createLauncher needs; the shell and the browser host each build one. */
export interface LauncherDeps {
  env: Environment;
  windows: WindowHost;
  notifier: Notifier;
  settings: SettingsStore;
  clock: Clock;
  listCache?: ListCache;
  /** The DCV client and the system browser, where the host has them. */
  handoff?: SessionHandoff;
  /** Where diagnostics go (items the API sent that were dropped or mended). */
  log?: { warn(message: string): void };
  /** How a failed open is told to the user (default: a notification, except for links). */
  reportOpenFailure?: OpenFailureReporter;
  version: string;
  platform: string;
  /** Builds the demo environment (embedded simulator) for app:startDemo. */
  createDemoEnvironment: () => Promise<Environment>;
}

/** The launcher core: every IPC channel as a method, plus events for the shell to forward. */
export interface LauncherCore extends LauncherService {
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void;
  /** Facts about the current environment the shell needs (demo badge, loopback session URLs). */
  environment(): { demo: boolean; allowLoopbackHttp: boolean };
  /** Fetch fresh access details and reload an open session window (Reconnect, from its menu). */
  reconnect(computerId: ComputerId, kind: SessionKind): Promise<Result<null>>;
  /** What the tray and the launcher render from. */
  snapshot(): { list: ComputerList; windows: OpenWindow[]; progress: SessionProgress[] };
  dispose(): Promise<void>;
}
