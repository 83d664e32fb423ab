// Deep links: lfr-launcher://open/<profile>/<region>/<computer>?kind=app|desktop. They arrive
// from any web page or other program, so parsing is strict: the WHATWG URL parser, the
// contract's own schemas, and nothing unknown tolerated.
import * as v from 'valibot';
import { ComputerIdSchema, SessionKindSchema } from '../shared/ipc-contract.js';
import { OpenTargetSchema } from '../shared/settings.js';
import { makeComputerId, parseComputerId } from '../shared/computer-id.js';
import type { ComputerId, SessionKind } from '../shared/models.js';

/** The app's URL scheme (registered with the OS by the shell). */
export const DEEP_LINK_SCHEME = 'lfr-launcher';

/** What a deep link asks for. */
export interface DeepLink {
  action: 'open';
  computerId: ComputerId;
  kind: SessionKind;
  /** Where to open it, when the link says (`?open=window|client|browser`). */
  target?: 'window' | 'client' | 'browser';
}

/** A parsed deep link, or why it was refused. */
export type DeepLinkResult = { ok: true; value: DeepLink } | { ok: false; reason: string };

const MAX_LENGTH = 1024;

const fail = (reason: string): DeepLinkResult => ({ ok: false, reason });

/** Parse a deep link strictly; anything unexpected is refused with a reason. */
export function parseDeepLink(raw: string): DeepLinkResult {
  if (typeof raw !== 'string' || raw.length > MAX_LENGTH) return fail('Not a launcher link.');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('Not a valid URL.');
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return fail('Not a launcher link.');
  if (url.username || url.password || url.port || url.hash) return fail('Unexpected parts in the link.');
  if (url.hostname !== 'open') return fail(`Unknown action "${url.hostname}".`);
  const segments = url.pathname.replace(/\/$/, '').split('/').slice(1);
  if (segments.length !== 3) return fail('Expected /<profile>/<region>/<computer>.');
  let decoded: string[];
  try {
    decoded = segments.map((s) => decodeURIComponent(s));
  } catch {
    return fail('Badly encoded link.');
  }
  // The path was split before decoding, so an encoded slash cannot add a segment: profile names
  // may contain `/` (the SDK accepts them; the id encodes it again), region and name never do.
  if (decoded.slice(1).some((s) => s.includes('/'))) return fail('Expected /<profile>/<region>/<computer>.');
  const [profile, region, name] = decoded as [string, string, string];
  const id = v.safeParse(ComputerIdSchema, makeComputerId({ profile, region, name }));
  if (!id.success) return fail('Not a computer id (profile/region/name).');
  const keys = [...url.searchParams.keys()];
  if (keys.some((k) => k !== 'kind' && k !== 'open') || new Set(keys).size !== keys.length)
    return fail('Unexpected query parameters.');
  const kind = v.safeParse(SessionKindSchema, url.searchParams.get('kind') ?? 'app');
  if (!kind.success) return fail('kind must be app or desktop.');
  const open = url.searchParams.get('open');
  const target = open === null ? undefined : v.safeParse(OpenTargetSchema, open);
  if (target && !target.success) return fail('open must be window, client or browser.');
  return {
    ok: true,
    value: {
      action: 'open',
      computerId: id.output,
      kind: kind.output,
      ...(target ? { target: target.output } : {}),
    },
  };
}

/** The first deep link in a command line (second-instance argv, process.argv), if any. */
export function findDeepLink(argv: readonly string[]): string | undefined {
  return argv.find((a) => typeof a === 'string' && a.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`));
}

/** Build a deep link (for the launcher's "copy link" and tests). */
export function formatDeepLink(computerId: ComputerId, kind: SessionKind): string {
  const ref = parseComputerId(computerId);
  const path = ref
    ? [ref.profile, ref.region, ref.name].map((s) => encodeURIComponent(s)).join('/')
    : computerId;
  return `${DEEP_LINK_SCHEME}://open/${path}?kind=${kind}`;
}
