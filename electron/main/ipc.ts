// Typed IPC for the launcher window, derived from electron/shared/ipc-contract.ts. Every
// message is checked before it reaches the core: it must come from the launcher's own main
// frame on app://launcher (a compromised or embedded frame, another window, or a file:// page
// is dropped), and its arguments must match the contract's schemas.
import { redactErrorTexts } from '../core/redact.js';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { IpcRouter, SenderInfo } from '../core/ipc-router.js';
import type { EventChannel, EventPayload } from '../shared/ipc-contract.js';

/** The app's own origin, served by protocol.ts. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'launcher';

export type { IpcLog, SenderInfo } from '../core/ipc-router.js';

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
export function createSenderCheck(
  launcher: () => { id: number; mainFrame?: { processId: number; routingId: number } } | undefined,
) {
  return (event: SenderInfo): boolean => {
    const l = launcher();
    const frame = event.senderFrame;
    if (!l || !frame) return false;
    if (event.sender.id !== l.id) return false;
    if (frame.parent !== null) return false;
    if (
      l.mainFrame &&
      frame.processId !== undefined &&
      (frame.processId !== l.mainFrame.processId || frame.routingId !== l.mainFrame.routingId)
    )
      return false;
    return isAppOrigin(frame.url);
  };
}

export { createIpcRouter, type IpcRouter } from '../core/ipc-router.js';

/** Register every contract channel on ipcMain; returns a function removing them. */
export function bindIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, router: IpcRouter): () => void {
  for (const channel of router.channels) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) =>
      router.dispatch(event, channel, args),
    );
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
export function send<C extends EventChannel>(
  target: EventTarget | undefined,
  channel: C,
  payload: EventPayload<C>,
): void {
  if (!target || target.isDestroyed()) return;
  target.send(channel, redactErrorTexts(payload));
}
