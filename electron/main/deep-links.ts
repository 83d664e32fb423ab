// Command lines reaching the app (its own start, or a second launch forwarded by the
// single-instance lock) and lfr-launcher:// links (argv on Windows/Linux, open-url on macOS).
import { findDeepLink, parseDeepLink } from '../core/deep-link.js';
import type { ComputerId, Result, SessionKind } from '../shared/models.js';

/** What the handler drives. */
export interface DeepLinkDeps {
  open(computerId: ComputerId, kind: SessionKind): Promise<Result<null>>;
  showLauncher(): void;
  notify(title: string, body: string): void;
  log: { info(...a: unknown[]): void; warn(...a: unknown[]): void };
}

/** Handle one deep link URL; refused links are reported, never followed. */
export async function handleDeepLink(raw: string, deps: DeepLinkDeps): Promise<boolean> {
  const parsed = parseDeepLink(raw);
  if (!parsed.ok) {
    deps.log.warn(`deep link refused: ${parsed.reason}`);
    deps.notify('Link not opened', parsed.reason);
    deps.showLauncher();
    return false;
  }
  deps.log.info(`deep link: open ${parsed.value.computerId} (${parsed.value.kind})`);
  const r = await deps.open(parsed.value.computerId, parsed.value.kind);
  if (!r.ok) {
    deps.notify(`Could not open ${parsed.value.computerId}`, `${r.error.message} ${r.error.nextStep}`);
    deps.showLauncher();
  }
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
