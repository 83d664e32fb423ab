// The main process logger: electron-log writing to the app's logs directory, every message
// redacted (URLs reduced to their origin, secrets masked) by log-config.ts's hook.
import { ipcMain } from 'electron';
import log from 'electron-log/main';
import { configureLogger } from './log-config.js';

// electron-log/main registers an IPC channel on load for renderers that log through it. None of
// ours does, and its handlers check no sender: every IPC channel main answers is the contract's.
const ELECTRON_LOG_CHANNEL = '__ELECTRON_LOG__';
ipcMain.removeHandler(ELECTRON_LOG_CHANNEL);
ipcMain.removeAllListeners(ELECTRON_LOG_CHANNEL);

/** Set up logging into dir (app.getPath('logs')); returns the logger. */
export function setupLogging(dir: string) {
  configureLogger(log, { dir });
  log.errorHandler.startCatching({ showDialog: false });
  return log;
}

export { log };
