// Typed IPC for the launcher window, derived from electron/shared/ipc-contract.ts. Every
// message is checked before it reaches the core: it must come from the launcher's own main
// frame on app://launcher (a compromised or embedded frame, another window, or a file:// page
// is dropped), and its arguments must match the contract's schemas.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import * as v from 'valibot';
import {
  invokeContract,
  isInvokeChannel,
  parseArgs,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type LauncherService,
} from '../shared/ipc-contract.js';

/** The app's own origin, served by protocol.ts. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'launcher';

/** The parts of an IPC event the sender check reads (Electron's IpcMainInvokeEvent has them). */
export interface SenderInfo {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown; processId?: number; routingId?: number } | null;
}

/** Minimal logger. */
export interface IpcLog {
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** True for a URL on app://launcher (custom schemes have an opaque WHATWG origin, so compare parts). */
export function isAppOrigin(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** The trusted-sender rule: launcher webContents, its main frame, on the app origin. */
export function createSenderCheck(launcher: () => { id: number; mainFrame?: { processId: number; routingId: number } } | undefined) {
  return (event: SenderInfo): boolean => {
    const l = launcher();
    const frame = event.senderFrame;
    if (!l || !frame) return false;
    if (event.sender.id !== l.id) return false;
    if (frame.parent !== null) return false;
    if (l.mainFrame && frame.processId !== undefined && (frame.processId !== l.mainFrame.processId || frame.routingId !== l.mainFrame.routingId)) return false;
    return isAppOrigin(frame.url);
  };
}

function namedError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** Dispatches IPC calls to the service after the sender and payload checks. */
export interface IpcRouter {
  readonly channels: readonly InvokeChannel[];
  dispatch(event: SenderInfo, channel: string, args: unknown[]): Promise<unknown>;
}

/** Build the router: pure, so the checks are tested with fake events. */
export function createIpcRouter(deps: {
  service: LauncherService;
  isTrustedSender: (event: SenderInfo) => boolean;
  log: IpcLog;
}): IpcRouter {
  const channels = Object.keys(invokeContract) as InvokeChannel[];
  return {
    channels,
    async dispatch(event, channel, args) {
      if (!isInvokeChannel(channel)) {
        deps.log.warn(`ipc: ignored a message on unknown channel ${JSON.stringify(String(channel).slice(0, 64))}`);
        return undefined;
      }
      if (!deps.isTrustedSender(event)) {
        // Log only where it came from: the payload may be anything.
        let from: string;
        try {
          from = event.senderFrame ? new URL(event.senderFrame.url).protocol + (event.senderFrame.parent === null ? ' main frame' : ' subframe') : 'no frame';
        } catch {
          from = 'unparsable frame URL';
        }
        deps.log.warn(`ipc: dropped ${channel} from an untrusted sender (${from}, webContents ${event.sender.id})`);
        throw namedError('UntrustedSender', `${channel}: the sender is not the launcher window.`);
      }
      let parsed: unknown[];
      try {
        parsed = parseArgs(channel, args) as unknown[];
      } catch (err) {
        const issues = err instanceof v.ValiError ? (err.issues as v.BaseIssue<unknown>[]).map((i) => i.message).join('; ') : String(err);
        deps.log.warn(`ipc: invalid payload on ${channel}: ${issues}`);
        throw namedError('InvalidIpcPayload', `${channel}: invalid arguments (${issues}).`);
      }
      const impl = deps.service[channel] as (...a: unknown[]) => Promise<unknown>;
      try {
        return await impl.apply(deps.service, parsed);
      } catch (err) {
        // Expected failures come back as Result values; anything thrown here is a bug.
        deps.log.error(`ipc: ${channel} threw`, err);
        throw err;
      }
    },
  };
}

/** Register every contract channel on ipcMain; returns a function removing them. */
export function bindIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, router: IpcRouter): () => void {
  for (const channel of router.channels) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => router.dispatch(event, channel, args));
  }
  return () => {
    for (const channel of router.channels) ipcMain.removeHandler(channel);
  };
}

/** What send() needs from a webContents. */
export interface EventTarget {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** Send a typed event to the launcher renderer (no-op once it is gone). */
export function send<C extends EventChannel>(target: EventTarget | undefined, channel: C, payload: EventPayload<C>): void {
  if (!target || target.isDestroyed()) return;
  target.send(channel, payload);
}
