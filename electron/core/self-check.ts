// The verdict side of `lfr-launcher --self-check`: each check is a step that measures something
// in the running app (electron/main/self-check.ts) and hands plain data to a judge here, which
// decides pass, fail or warn and says why in a line a user can act on. Nothing here touches
// Electron, so the decisions and the printed table are tested in plain Node.

/** How one check came out. `warn` is reported but does not fail the run. */
export type CheckStatus = 'pass' | 'fail' | 'warn';

/** A judged check, before it has a name. */
export interface CheckOutcome {
  status: CheckStatus;
  detail: string;
}

/** One row of the self-check table. */
export interface CheckResult extends CheckOutcome {
  name: string;
  /** How long the step took, in milliseconds. */
  ms: number;
}

/** A named step: measures, then returns a judged outcome (or several, one per window…). */
export interface CheckStep {
  name: string;
  run: () => Promise<CheckOutcome | CheckOutcome[]>;
}

const pass = (detail: string): CheckOutcome => ({ status: 'pass', detail });
const fail = (detail: string): CheckOutcome => ({ status: 'fail', detail });
const warn = (detail: string): CheckOutcome => ({ status: 'warn', detail });

/**
 * Runs the steps in order, each under its own time limit. A step that throws or overruns fails
 * with the reason and the run goes on, so one broken part never hides the state of the others.
 */
export async function runChecks(
  steps: readonly CheckStep[],
  opts: { timeoutMs: number; now?: () => number },
): Promise<CheckResult[]> {
  const now = opts.now ?? Date.now;
  const out: CheckResult[] = [];
  for (const step of steps) {
    const started = now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<CheckOutcome>((resolve) => {
      timer = setTimeout(
        () => resolve(fail(`no answer within ${Math.round(opts.timeoutMs / 1000)} s`)),
        opts.timeoutMs,
      );
    });
    let outcomes: CheckOutcome[];
    try {
      const r = await Promise.race([step.run(), limit]);
      outcomes = Array.isArray(r) ? r : [r];
      if (outcomes.length === 0) outcomes = [fail('the check measured nothing')];
    } catch (err) {
      outcomes = [fail(err instanceof Error ? err.message : String(err))];
    } finally {
      clearTimeout(timer);
    }
    const ms = now() - started;
    for (const o of outcomes) out.push({ name: step.name, ...o, ms });
  }
  return out;
}

const LABEL: Record<CheckStatus, string> = { pass: 'ok', fail: 'FAIL', warn: 'warn' };

/** The table printed to the terminal: status, check, detail; one line per result. */
export function formatCheckTable(results: readonly CheckResult[]): string {
  const nameWidth = Math.max('check'.length, ...results.map((r) => r.name.length));
  const row = (status: string, name: string, detail: string) =>
    `${status.padEnd(4)}  ${name.padEnd(nameWidth)}  ${detail}`.trimEnd();
  const lines = [row('', 'check', 'detail'), row('', '-'.repeat(nameWidth), '------')];
  for (const r of results) lines.push(row(LABEL[r.status], r.name, r.detail.replace(/\s*\n\s*/g, ' ')));
  return lines.join('\n');
}

/** Exit code and last line: non-zero when any check failed, or when nothing was checked. */
export function selfCheckVerdict(results: readonly CheckResult[]): { exitCode: 0 | 1; summary: string } {
  const count = (s: CheckStatus) => results.filter((r) => r.status === s).length;
  const failed = count('fail');
  const exitCode = failed > 0 || results.length === 0 ? 1 : 0;
  const summary = `${count('pass')} passed, ${failed} failed, ${count('warn')} warnings: ${exitCode === 0 ? 'the launcher works on this desktop' : 'the launcher is NOT working as it should'}`;
  return { exitCode, summary };
}

/** What one window really runs with. */
export interface WindowPreferencesReport {
  /** "launcher" or the session window's title. */
  label: string;
  role: 'launcher' | 'session';
  /** False when Electron could not report the applied preferences (getLastWebPreferences). */
  reported: boolean;
  /** What electron/main/windows/window-options.ts finds unsafe in the reported preferences. */
  violations: readonly string[];
  /**
   * Whether the page has window.launcher. Electron does not report a window's preload among
   * the applied preferences, so the page is asked: only the launcher's preload defines it.
   */
  bridge: boolean;
  /** Preload scripts registered on the window's session (none is allowed anywhere). */
  sessionPreloads: number;
}

/** One outcome per window: safe preferences, and a preload only on the launcher. */
export function judgeWindowPreferences(
  windows: readonly WindowPreferencesReport[],
  expected: { sessionWindows: number },
): CheckOutcome[] {
  const out = windows.map((w): CheckOutcome => {
    if (!w.reported) return fail(`${w.label}: Electron reported no applied web preferences`);
    const problems = [...w.violations];
    if (w.role === 'launcher' && !w.bridge) problems.push('the launcher has no preload bridge');
    if (w.role === 'session' && w.bridge) problems.push('a session page has the launcher bridge');
    if (w.sessionPreloads > 0) problems.push(`${w.sessionPreloads} session-wide preload script(s)`);
    return problems.length
      ? fail(`${w.label}: ${problems.join(', ')}`)
      : pass(
          `${w.label}: sandboxed, context-isolated, no node${w.role === 'launcher' ? ', our preload' : ', no preload'}`,
        );
  });
  const sessions = windows.filter((w) => w.role === 'session').length;
  if (!windows.some((w) => w.role === 'launcher')) out.push(fail('no launcher window to check'));
  if (sessions < expected.sessionWindows)
    out.push(fail(`${sessions} of ${expected.sessionWindows} session windows to check`));
  return out;
}

/** What app://launcher answered for the start page and for a path that climbs out. */
export interface AppProtocolReport {
  status: number;
  contentType: string | null;
  csp: string | null;
  escapeStatus: number;
}

/** The launcher page is served from app:// with exactly our CSP, and nothing outside it is. */
export function judgeAppProtocol(r: AppProtocolReport, expectedCsp: string): CheckOutcome {
  if (r.status !== 200) return fail(`app://launcher/index.html answered ${r.status}`);
  if (!r.contentType?.startsWith('text/html'))
    return fail(`index.html served as ${r.contentType ?? 'no type'}`);
  if (r.csp !== expectedCsp)
    return fail(
      r.csp
        ? "the Content-Security-Policy header differs from the app's policy"
        : 'no Content-Security-Policy header',
    );
  if (r.escapeStatus !== 404) return fail(`a path outside the renderer answered ${r.escapeStatus}, not 404`);
  return pass('index.html 200 with the CSP header; ../ refused (404)');
}

/** The page refuses eval (the CSP is enforced, not only sent) and is on app://launcher. */
export function judgePageCsp(r: { url: string; evalResult: string }): CheckOutcome {
  if (!r.url.startsWith('app://launcher/'))
    return fail(`the launcher shows ${r.url || 'nothing'}, not app://launcher/`);
  if (r.evalResult !== 'blocked') return fail('the page may run eval(): the CSP is not enforced');
  return pass('eval() refused in the launcher page');
}

/** window.launcher has exactly the contract's methods and the page has no Node. */
export function judgeBridge(
  r: { keys: readonly string[] | null; nodeGlobals: readonly string[] },
  expectedKeys: readonly string[],
): CheckOutcome {
  if (!r.keys) return fail('window.launcher is missing: the preload did not run');
  const missing = expectedKeys.filter((k) => !r.keys!.includes(k));
  const extra = r.keys.filter((k) => !expectedKeys.includes(k));
  if (r.nodeGlobals.length) return fail(`the page can reach Node: ${r.nodeGlobals.join(', ')}`);
  if (missing.length || extra.length)
    return fail(
      [
        missing.length ? `missing ${missing.join(', ')}` : '',
        extra.length ? `unexpected ${extra.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; '),
    );
  return pass(
    `window.launcher has the ${expectedKeys.length} contract methods; no require/process in the page`,
  );
}

/** app:info answered through preload -> ipcMain -> core and back. */
export function judgeIpcRoundTrip(answer: unknown, expected: { version: string }): CheckOutcome {
  const a = answer as { version?: unknown; demo?: unknown } | null;
  if (!a || typeof a !== 'object') return fail(`app:info answered ${JSON.stringify(answer)}`);
  if (a.version !== expected.version)
    return fail(`app:info reports version ${String(a.version)}, the app is ${expected.version}`);
  if (a.demo !== true)
    return fail('app:info says this is not demo mode: the self-check must only touch the simulator');
  return pass(`app:info answered (version ${expected.version}, demo)`);
}

/** A page that tried to go elsewhere is still where it was. */
export function judgeNavigation(r: {
  label: string;
  before: string;
  after: string;
  target: string;
}): CheckOutcome {
  const origin = (u: string) => {
    try {
      return new URL(u).origin;
    } catch {
      return u;
    }
  };
  if (origin(r.after) === origin(r.target)) return fail(`${r.label}: navigated to ${origin(r.target)}`);
  if (origin(r.after) !== origin(r.before))
    return fail(`${r.label}: left ${origin(r.before)} for ${origin(r.after)}`);
  return pass(`${r.label}: navigation to ${origin(r.target)} refused`);
}

/** A permission the app never grants came back denied. */
export function judgePermission(r: { label: string; permission: string; state: string }): CheckOutcome {
  return r.state === 'denied'
    ? pass(`${r.label}: ${r.permission} denied`)
    : fail(`${r.label}: ${r.permission} is ${r.state || 'unanswered'}, must be denied`);
}

/** Both session windows of one computer opened. */
export function judgeSessionWindows(r: {
  computer: string | null;
  opened: readonly { kind: string; ok: boolean; error?: string }[];
}): CheckOutcome {
  if (!r.computer) return fail('no running computer in the demo list to open');
  const bad = r.opened.filter((o) => !o.ok);
  if (bad.length)
    return fail(
      `${r.computer}: ${bad.map((o) => `${o.kind} did not open (${o.error ?? 'no reason'})`).join('; ')}`,
    );
  const kinds = r.opened.map((o) => o.kind);
  if (!kinds.includes('app') || !kinds.includes('desktop'))
    return fail(`${r.computer}: opened ${kinds.join(', ') || 'nothing'}`);
  return pass(`${r.computer}: application and desktop windows open`);
}

/** The tray exists and carries a menu with the launcher's own items. */
export function judgeTray(r: { created: boolean; labels: readonly string[] }): CheckOutcome {
  if (!r.created) return fail('no tray icon was created');
  if (!r.labels.includes('Quit') || !r.labels.includes('Show launcher'))
    return fail(
      `the tray menu lacks ${['Show launcher', 'Quit'].filter((l) => !r.labels.includes(l)).join(' and ')}`,
    );
  return pass(
    `tray icon with ${r.labels.length} menu items (whether the desktop shows it cannot be seen from inside)`,
  );
}

/** This process holds the lock, and a second launch handed its command line over and left. */
export function judgeSingleInstance(r: {
  hasLock: boolean;
  forwarded: boolean;
  secondExit: number | null;
  launcherShown: boolean;
}): CheckOutcome {
  if (!r.hasLock) return fail('this process does not hold the single-instance lock');
  if (!r.forwarded) return fail('a second launch did not reach this instance');
  if (r.secondExit !== 0)
    return fail(`the second launch exited with ${r.secondExit ?? 'no code (still running?)'}`);
  if (!r.launcherShown) return fail('a second launch did not bring the launcher up');
  return pass('lock held; a second launch forwarded its arguments, showed the launcher and quit');
}

/** A notification was shown, or why not. */
export function judgeNotification(r: {
  supported: boolean;
  event: 'show' | 'failed' | 'timeout';
  error?: string;
  platform: string;
}): CheckOutcome {
  if (!r.supported) return fail('notifications are not supported on this desktop');
  if (r.event === 'failed')
    return fail(
      `the notification failed${r.error ? `: ${r.error}` : ''}${r.platform === 'win32' ? ' (is the app installed with its Start menu shortcut?)' : ''}`,
    );
  if (r.event === 'timeout')
    return warn(
      'the notification was sent but the desktop never said it was shown (no notification service?)',
    );
  return pass('a notification was shown');
}
