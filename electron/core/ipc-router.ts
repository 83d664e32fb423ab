// The IPC router: every launcher call, from Electron's ipcMain or the browser host's HTTP bridge,
// goes through these checks before it reaches the core: a known channel, a trusted sender, and
// arguments that match the contract's schemas. Pure, so the checks are tested with fake events.
import * as v from 'valibot';
import {
  invokeContract,
  isInvokeChannel,
  parseArgs,
  type InvokeChannel,
  type LauncherService,
} from '../shared/ipc-contract.js';
import { redactErrorTexts, redactSecrets } from './redact.js';

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

/** Build the router. */
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
        deps.log.warn(
          `ipc: ignored a message on unknown channel ${JSON.stringify(String(channel).slice(0, 64))}`,
        );
        return undefined;
      }
      if (!deps.isTrustedSender(event)) {
        // Log only where it came from: the payload may be anything.
        let from: string;
        try {
          from = event.senderFrame
            ? new URL(event.senderFrame.url).protocol +
              (event.senderFrame.parent === null ? ' main frame' : ' subframe')
            : 'no frame';
        } catch {
          from = 'unparsable frame URL';
        }
        deps.log.warn(
          `ipc: dropped ${channel} from an untrusted sender (${from}, webContents ${event.sender.id})`,
        );
        throw namedError('UntrustedSender', `${channel}: the sender is not the launcher window.`);
      }
      let parsed: unknown[];
      try {
        parsed = parseArgs(channel, args) as unknown[];
      } catch (err) {
        const issues =
          err instanceof v.ValiError
            ? (err.issues as v.BaseIssue<unknown>[]).map((i) => i.message).join('; ')
            : String(err);
        deps.log.warn(`ipc: invalid payload on ${channel}: ${issues}`);
        throw namedError('InvalidIpcPayload', `${channel}: invalid arguments (${issues}).`);
      }
      const impl = deps.service[channel] as (...a: unknown[]) => Promise<unknown>;
      try {
        // Error text in a result goes to the renderer: redacted as logs and notifications are.
        return redactErrorTexts(await impl.apply(deps.service, parsed));
      } catch (err) {
        // Expected failures come back as Result values; anything thrown here is a bug.
        deps.log.error(`ipc: ${channel} threw`, err);
        // Electron hands the thrown message to the renderer: only a redacted copy leaves.
        throw namedError(
          err instanceof Error ? err.name : 'Error',
          redactSecrets(err instanceof Error ? err.message : String(err)),
        );
      }
    },
  };
}
