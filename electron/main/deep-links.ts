// Command lines reaching the app (its own start, or a second launch forwarded by the
// single-instance lock) and lfr-launcher:// links (argv on Windows/Linux, open-url on macOS).
import { findDeepLink, parseDeepLink } from '../core/deep-link.js';
import { computerNameOf } from '../shared/computer-id.js';
import type { ComputerId, Result, SessionKind } from '../shared/models.js';
import type { OpenTarget } from '../core/sessions.js';

/** What the handler drives. */
export interface DeepLinkDeps {
  open(computerId: ComputerId, kind: SessionKind, target?: OpenTarget): Promise<Result<null>>;
  showLauncher(): void;
  notify(title: string, body: string): void;
  log: { info(...a: unknown[]): void; warn(...a: unknown[]): void };
  /** For telling a repeat of the same failure apart (default Date.now). */
  now?(): number;
}

// The same failing link clicked again and again (or sent by a page in a loop) is reported once.
const REPEAT_QUIET_MS = 30_000;
const lastReported = new WeakMap<DeepLinkDeps, { key: string; at: number }>();
// Failures close together (a page firing links in a loop) are one burst: told in one
// notification once none has come for BURST_QUIET_MS, or BURST_MAX_MS after the first.
const BURST_QUIET_MS = 1_000;
const BURST_MAX_MS = 10_000;
interface Burst {
  first: number;
  count: number;
  failures: Map<string, { title: string; body: string }>;
  timer?: ReturnType<typeof setTimeout>;
}
const bursts = new WeakMap<DeepLinkDeps, Burst>();

function flush(deps: DeepLinkDeps): void {
  const b = bursts.get(deps);
  bursts.delete(deps);
  if (!b) return;
  const items = [...b.failures.entries()];
  const [key, last] = items.at(-1)!;
  lastReported.set(deps, { key, at: (deps.now ?? Date.now)() });
  if (items.length === 1) deps.notify(last.title, last.body);
  else deps.notify(`${b.count} links were not opened`, `The last one: ${last.title}. ${last.body}`);
}

function report(deps: DeepLinkDeps, title: string, body: string): void {
  const now = (deps.now ?? Date.now)();
  const key = `${title}\n${body}`;
  const last = lastReported.get(deps);
  deps.showLauncher();
  if (last && last.key === key && now - last.at < REPEAT_QUIET_MS) return;
  let b = bursts.get(deps);
  if (!b) bursts.set(deps, (b = { first: now, count: 0, failures: new Map() }));
  b.count++;
  b.failures.delete(key);
  b.failures.set(key, { title, body });
  if (b.timer) clearTimeout(b.timer);
  b.timer = setTimeout(() => flush(deps), Math.max(0, Math.min(BURST_QUIET_MS, b.first + BURST_MAX_MS - now)));
}

/** Handle one deep link URL; refused links are reported, never followed. */
export async function handleDeepLink(raw: string, deps: DeepLinkDeps): Promise<boolean> {
  const parsed = parseDeepLink(raw);
  if (!parsed.ok) {
    deps.log.warn(`deep link refused: ${parsed.reason}`);
    report(deps, 'Link not opened', parsed.reason);
    return false;
  }
  const { computerId, kind, target } = parsed.value;
  deps.log.info(`deep link: open ${computerId} (${kind})`);
  const r = target ? await deps.open(computerId, kind, target) : await deps.open(computerId, kind);
  // A stopped computer is asked about on its row in the launcher: that is the answer, not a failure.
  if (!r.ok && r.error.kind === 'computer-stopped') deps.showLauncher();
  else if (!r.ok && r.error.kind !== 'cancelled') report(deps, `Could not open ${computerNameOf(computerId)}`, `${r.error.message} ${r.error.nextStep}`);
  return r.ok;
}

/** Handle a forwarded command line: a deep link opens its session, anything else shows the launcher. */
export async function handleSecondInstance(argv: readonly string[], deps: DeepLinkDeps): Promise<void> {
  const link = findDeepLink(argv);
  if (link) await handleDeepLink(link, deps);
  else deps.showLauncher();
}

/** True when the command line asks for demo mode. */
export function wantsDemo(argv: readonly string[], env: Record<string, string | undefined> = {}): boolean {
  // The self-check runs on the built-in simulator, never against the user's AWS account.
  return argv.includes('--demo') || argv.includes('--self-check') || env.LFR_DEMO === '1';
}
