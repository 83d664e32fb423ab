// The SessionHandoff of the app and the CLI: the DCV native client (found per platform, started
// detached with a connection file that is deleted after it was read) and the system browser.
// Electron (or the CLI's opener) and child_process come in as arguments, so it is tested with fakes.
import type { SpawnOptions } from 'node:child_process';
import {
  detectDcvClient,
  executableExists,
  openInDcvClient,
  removeStaleConnectionFiles,
  type DcvClient,
} from './dcv-client.js';
import { systemClock, type Clock, type SessionHandoff } from './ports.js';

/** What the handoff needs from Electron and Node. */
export interface HandoffDeps {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  tmpDir: string;
  /** child_process.spawn */
  spawn(
    command: string,
    args: string[],
    options: SpawnOptions,
  ): { once(event: 'error' | 'spawn', listener: (err?: Error) => void): unknown; unref(): void };
  /** shell.openExternal */
  openExternal(url: string): Promise<void>;
  /** app.getApplicationNameForProtocol: '' when no handler is registered. */
  applicationNameForProtocol(url: string): string;
  exists?(path: string): Promise<boolean>;
  log: { info(...a: unknown[]): void };
  /** Times the connection file's read window and its age (default: the system clock; the launcher's in tests). */
  clock?: Clock;
  /** How long the DCV client gets to read the connection file (default 30 s). */
  readWindowMs?: number;
  /** Told when a connection file handed to the client is gone (a short-lived caller, the CLI, waits for it). */
  onFileRemoved?(removed: Promise<void>): void;
}

/** Build the SessionHandoff (the shell's, the CLI's). */
export function createSessionHandoff(deps: HandoffDeps): SessionHandoff {
  const clock = deps.clock ?? systemClock;
  // A run that ended inside a read window (killed, crashed) left its connection file: remove it now.
  void removeStaleConnectionFiles(deps.tmpDir, clock.now())
    .then((n) =>
      n > 0
        ? deps.log.info(`session: removed ${n} DCV connection file(s) an earlier run left behind`)
        : undefined,
    )
    .catch(() => undefined);
  let detected: Promise<DcvClient> | undefined;
  const dcvClient = () =>
    (detected ??= detectDcvClient({
      platform: deps.platform,
      env: deps.env,
      exists: deps.exists ?? executableExists,
      hasDcvUrlHandler: async () => deps.applicationNameForProtocol('dcv://') !== '',
    }).then((c) => {
      // A client installed while the launcher runs is found on the next try.
      if (!c.found) detected = undefined;
      return c;
    }));

  const start = (client: Extract<DcvClient, { found: true }>, target: string) =>
    client.kind === 'url-handler'
      ? deps.openExternal(target) // eng-disable OPEN_EXTERNAL_JS_CHECK -- a dcv:// URI the launcher built from a vetted session URL, for the registered DCV client
      : new Promise<void>((resolve, reject) => {
          // Detached and unreferenced: the client outlives the launcher if the user quits it.
          const child = deps.spawn(client.path, [target], { detached: true, stdio: 'ignore' });
          child.once('error', (err) => reject(err ?? new Error('spawn failed')));
          child.once('spawn', () => {
            child.unref();
            resolve();
          });
        });

  return {
    dcvClient,
    async openInDcvClient(url) {
      const r = await openInDcvClient(await dcvClient(), url, {
        tmpDir: deps.tmpDir,
        start,
        sleep: (ms) => clock.sleep(ms),
        ...(deps.readWindowMs !== undefined ? { readWindowMs: deps.readWindowMs } : {}),
      });
      if (!r.ok) return r;
      deps.log.info('session: handed to the DCV client');
      deps.onFileRemoved?.(r.removed);
      return { ok: true };
    },
    async openInBrowser(url) {
      // Only a vetted session URL reaches here (dcv-url.ts): https, or loopback http in demo mode.
      await deps.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- the user asked to open this session in the browser
      deps.log.info('session: handed to the system browser');
    },
  };
}
