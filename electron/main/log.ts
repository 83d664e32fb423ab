// The main process logger: electron-log writing to the app's logs directory, every message
// redacted (URLs reduced to their origin, secrets masked) by log-config.ts's hook.
import log from 'electron-log/main';
import { configureLogger } from './log-config.js';

/** Set up logging into dir (app.getPath('logs')); returns the logger. */
export function setupLogging(dir: string) {
  configureLogger(log, { dir });
  log.errorHandler.startCatching({ showDialog: false });
  return log;
}

export { log };
