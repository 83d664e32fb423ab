// Command lines reaching the app (its own start, or a second launch forwarded by the
// single-instance lock) and lfr-launcher:// links (argv on Windows/Linux, open-url on macOS).
import { findDeepLink, parseDeepLink } from '../core/deep-link.js';
import type { ComputerId, Result, SessionKind } from '../shared/models.js';
import type { OpenTarget } from '../shared/settings.js';

/** What the handler drives. */
export interface DeepLinkDeps {
  /** Ask the core to open, as a link (it decides; a failure is reported by main's reporter). */
  open(computerId: ComputerId, kind: SessionKind, target?: OpenTarget): Promise<Result<null>>;
  /** A link refused before it reached the core (main's reporter: burst suppressed). */
  refused(reason: string): void;
  showLauncher(): void;
  log: { info(...a: unknown[]): void; warn(...a: unknown[]): void };
}

/** Handle one deep link URL: the id is parsed here, once; refused links are reported, never followed. */
export async function handleDeepLink(raw: string, deps: DeepLinkDeps): Promise<boolean> {
  const parsed = parseDeepLink(raw);
  if (!parsed.ok) {
    deps.log.warn(`deep link refused: ${parsed.reason}`);
    deps.refused(parsed.reason);
    return false;
  }
  const { computerId, kind, target } = parsed.value;
  deps.log.info(`deep link: open ${computerId} (${kind})`);
  const r = target ? await deps.open(computerId, kind, target) : await deps.open(computerId, kind);
  // Whatever did not open (a question waiting on the row, a failure) is in the launcher.
  if (!r.ok) deps.showLauncher();
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
