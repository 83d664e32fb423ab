// Ports: what the core needs from the outside world. The Electron shell, the browser test
// host and unit tests each implement them, so the core never imports electron.
import type { LightsailClient } from '@aws-sdk/client-lightsail';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { ComputerId, OpenWindow, SessionKind, Settings } from '../shared/models.js';

/** Time, injectable so tests and the simulator can run fast. */
export interface Clock {
  now(): number;
  /** Resolves after ms, or rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

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

/** Desktop notifications. */
export interface Notifier {
  notify(n: { title: string; body: string; computerId?: ComputerId }): void;
}

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

/** Default settings. */
export const DEFAULT_SETTINGS: Settings = {
  regions: [],
  hiddenProfiles: [],
  favourites: [],
  startAtLogin: false,
  closeToTray: true,
  autoStartComputers: false,
  globalShortcut: '',
  groupBy: 'profile',
};
