// electron-log configuration shared by the app (electron-log/main) and tests (electron-log/node):
// every message, for every transport, passes through the redacting formatter first.
import { join } from 'node:path';
import type { LogMessage, NodeLogger } from 'electron-log';
import { formatLogArgs } from '../core/logging.js';

/** The log file's name inside the logs directory. */
export const LOG_FILE_NAME = 'main.log';

/** The hook that makes each message safe before any transport sees it. */
export function redactingHook(message: LogMessage): LogMessage {
  return { ...message, data: [formatLogArgs(message.data)] };
}

/** Configure a logger: redaction hook, file in dir, sensible levels. */
export function configureLogger<L extends NodeLogger>(
  logger: L,
  o: { dir: string; fileName?: string; consoleLevel?: false | 'info' | 'warn' },
): L {
  if (!logger.hooks.includes(redactingHook)) logger.hooks.push(redactingHook);
  logger.transports.file.resolvePathFn = () => join(o.dir, o.fileName ?? LOG_FILE_NAME);
  logger.transports.file.level = 'info';
  logger.transports.file.maxSize = 5 * 1024 * 1024;
  logger.transports.console.level = o.consoleLevel ?? 'warn';
  return logger;
}
