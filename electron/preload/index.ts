// The launcher window's preload (sandboxed, bundled to CommonJS): exposes `window.launcher`,
// the contract's named methods and subscriptions, and nothing else. No raw ipcRenderer, no
// sendSync, no channel names chosen by the page.
import { contextBridge, ipcRenderer } from 'electron';
import { createApi } from '../shared/api.js';
import { createIpcTransport } from './transport.js';

const api = createApi(createIpcTransport(ipcRenderer));

contextBridge.exposeInMainWorld('launcher', api);

/** The shape of `window.launcher`. */
export type LauncherApi = typeof api;
