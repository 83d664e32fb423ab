// Everything the app logs goes through here before it reaches a file or the console: URLs
// are cut down to their origin (DCV session URLs carry an auth token in the query) and
// secret-looking values are masked by the shared redactor. Pure, so it is tested in Node.
import { redactSecrets } from './redact.js';

const URL_RE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`\\]+/gi;
// Object keys whose values are never logged, whatever they look like.
const SECRET_KEYS =
  /^(url|urls|sessions?|token|.*secret.*|.*password.*|authorization|cookie|sessiontoken|accesskeyid|secretaccesskey|credentials?)$/i;

/** Replace every URL in text by its origin. */
export function reduceUrls(text: string): string {
  return text.replace(URL_RE, (match) => {
    try {
      const u = new URL(match);
      return u.origin !== 'null' ? u.origin : `${u.protocol}//${u.host}`;
    } catch {
      return '[url]';
    }
  });
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error)
    return `${value.name}: ${value.message}${value.stack ? `\n${value.stack.split('\n').slice(1).join('\n')}` : ''}`;
  if (
    value === undefined ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value === null ||
    typeof value === 'bigint'
  )
    return String(value);
  try {
    const seen = new WeakSet<object>();
    return JSON.stringify(value, (key, x: unknown) => {
      if (key && SECRET_KEYS.test(key) && typeof x === 'string') return '[redacted]';
      if (typeof x === 'object' && x !== null) {
        if (seen.has(x)) return '[circular]';
        seen.add(x);
      }
      return x;
    });
  } catch {
    return String(value);
  }
}

/** Make log text safe: URLs reduced to their origin, then secrets and tokens masked. */
export function redactLogText(text: string): string {
  return redactSecrets(reduceUrls(text));
}

/** Turn the arguments of one log call into one safe line of text. */
export function formatLogArgs(args: readonly unknown[]): string {
  return redactLogText(args.map(stringify).join(' '));
}

/** A complete log line: `[ISO time] [level] text`. */
export function formatLogLine(level: string, args: readonly unknown[], date: Date = new Date()): string {
  return `[${date.toISOString()}] [${level}] ${formatLogArgs(args)}`;
}
