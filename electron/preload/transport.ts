// The IPC transport under the preload's api: named contract channels only, each listener
// wrapped so the renderer never sees the IpcRendererEvent (it exposes the sender), and
// rejected invokes rebuilt with the original error name.
import type { Transport } from '../shared/api.js';

/** What the transport needs from ipcRenderer. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const REMOTE_PREFIX = /^Error invoking remote method '[^']*': /;

/**
 * ipcRenderer.invoke rejects with "Error invoking remote method 'x': Name: message"; rebuild
 * an Error whose name and message are the original ones.
 */
export function rebuildIpcError(err: unknown): Error {
  const raw = err instanceof Error ? err.message : String(err);
  const rest = raw.replace(REMOTE_PREFIX, '');
  const m = /^([A-Za-z_$][\w$]*): ([\s\S]*)$/.exec(rest);
  const out = new Error(m ? m[2] : rest);
  out.name = m ? m[1]! : 'Error';
  return out;
}

/** Build the transport over ipcRenderer. */
export function createIpcTransport(ipc: IpcRendererLike): Transport {
  return {
    async invoke(channel, args) {
      try {
        return await ipc.invoke(channel, ...args);
      } catch (err) {
        throw rebuildIpcError(err);
      }
    },
    on(channel, listener) {
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(channel, wrapped);
      return () => {
        ipc.removeListener(channel, wrapped);
      };
    },
  };
}
