// The DCV session URL policy. Lightsail hands back URLs that carry a session token; the shell
// loads them in a window and keeps that window on their exact origin. Everything here leans on
// the WHATWG URL parser (the same one Chromium uses), so what we compare is what the browser
// will actually load; the few hand-written checks below refuse inputs the parser would
// silently "repair" into something else.
import { launcherErrors, LauncherFailure } from './errors.js';

/** Options of the URL policy. */
export interface SessionUrlPolicy {
  /** Accept plain http on loopback hosts (demo mode and tests only). */
  allowLoopbackHttp: boolean;
}

const MAX_URL_LENGTH = 8192;

function refuse(reason: string): never {
  // Never put the URL itself in the message: it carries the session token.
  throw new LauncherFailure(launcherErrors.unsafeSessionUrl(reason));
}

/** Strip IPv6 brackets, lower-case and drop one trailing dot (DNS root) for comparison. */
function normaliseHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

/** True for loopback hosts: 127.0.0.0/8, ::1 (and IPv4-mapped 127/8) and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  if (typeof host !== 'string' || host.length === 0 || host.length > 255) return false;
  // Anything that could smuggle a different authority into the parse below.
  if (/[@/\\?#\s%]/.test(host)) return false;
  const bare = normaliseHost(host);
  if (bare === 'localhost') return true;
  let hostname: string;
  try {
    // Let the URL parser canonicalise the exotic IPv4 forms Chromium also accepts
    // (127.1, 0x7f.0.0.1, 2130706433) and the long IPv6 spellings.
    const isV6 = bare.includes(':');
    hostname = new URL(`http://${isV6 ? `[${bare}]` : bare}/`).hostname;
  } catch {
    return false;
  }
  if (hostname === '[::1]') return true;
  const mapped = /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.exec(hostname);
  if (mapped) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  return v4 !== null && v4[1] === '127';
}

/**
 * Parse and vet a session URL from Lightsail: https only (http only on loopback when allowed),
 * no credentials in the authority, no exotic schemes. Throws LauncherFailure otherwise.
 */
export function acceptSessionUrl(raw: string, opts: SessionUrlPolicy): URL {
  if (typeof raw !== 'string' || raw.length === 0) refuse('it is empty');
  if (raw.length > MAX_URL_LENGTH) refuse('it is too long');
  // The parser silently strips tabs, newlines and surrounding spaces, and treats "\" as "/"
  // for http(s); a well-formed address from Lightsail has none of them, so refuse instead of
  // guessing what was meant.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f\\]/.test(raw)) refuse('it contains spaces, control characters or backslashes');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(raw)?.[1]?.toLowerCase();
  if (scheme !== 'https' && scheme !== 'http')
    refuse(`the ${scheme ? `"${scheme}:"` : 'missing'} scheme is not allowed`);
  // Require the canonical "scheme://" form: "https:host" or "https:/host" parse, but only
  // because the parser fixes them up.
  if (!/^https?:\/\/[^/]/i.test(raw)) refuse('it is not an absolute https:// address');
  const authority = /^https?:\/\/([^/?#]*)/i.exec(raw)?.[1] ?? '';
  if (authority.includes('@')) refuse('it contains a user name or password');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    refuse('it is not a valid address');
  }
  if (url.username !== '' || url.password !== '') refuse('it contains a user name or password');
  if (url.hostname === '') refuse('it has no host');
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:') {
    if (!opts.allowLoopbackHttp) refuse('it is not https');
    if (!isLoopbackHost(url.hostname))
      refuse('plain http is only allowed on this computer (loopback) in demo mode');
    return url;
  }
  refuse('only https addresses are opened');
}

function toUrl(x: string | URL): URL | undefined {
  if (x instanceof URL) return x;
  if (typeof x !== 'string') return undefined;
  try {
    return new URL(x);
  } catch {
    return undefined;
  }
}

/**
 * Exact origin equality (scheme, host, port) of two URLs, as the browser computes it. Never a
 * prefix match: https://host.evil.com and https://host:8443.evil are not https://host's.
 * Opaque origins (data:, file:, javascript:, about:) never match anything.
 */
export function sameOrigin(a: string | URL, b: string | URL): boolean {
  const ua = toUrl(a);
  const ub = toUrl(b);
  if (!ua || !ub) return false;
  const oa = ua.origin;
  const ob = ub.origin;
  if (oa === 'null' || ob === 'null') return false;
  return oa === ob;
}
