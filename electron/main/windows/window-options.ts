// The one place BrowserWindow options are made. Every window the app opens comes from these
// factories, and assertSecureWebPreferences refuses anything that weakens them, so a later
// edit cannot quietly turn on node integration or a preload for remote DCV content.
import { createHash } from 'node:crypto';
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { ComputerId } from '../../shared/models.js';
import type { Rect } from '../../core/window-state.js';

/**
 * In-memory partition of one computer's session windows (no `persist:`: nothing on disk). A
 * later generation is a fresh one: Chromium keeps a refused certificate's verdict for 30
 * minutes per partition, so asking again after a refusal needs a partition that never saw it.
 */
export function sessionPartition(computerId: ComputerId, generation = 0): string {
  const base = `lfr-session-${createHash('sha256').update(computerId).digest('hex').slice(0, 24)}`;
  return generation > 0 ? `${base}-${generation}` : base;
}

/** The hardened preferences every window of the app shares. */
const HARDENED = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  webviewTag: false,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const satisfies WebPreferences;

/** Web preferences of a remote DCV session window: no preload, no node, sandboxed. */
export function sessionWebPreferences(partition: string): WebPreferences {
  return { ...HARDENED, safeDialogs: true, partition };
}

/** Options for a session window. */
export function sessionWindowOptions(o: {
  title: string;
  bounds: Rect;
  partition: string;
  icon?: string;
}): BrowserWindowConstructorOptions {
  return {
    ...o.bounds,
    minWidth: 480,
    minHeight: 320,
    title: o.title,
    show: false,
    backgroundColor: '#1e1e1e',
    autoHideMenuBar: false,
    ...(o.icon ? { icon: o.icon } : {}),
    webPreferences: sessionWebPreferences(o.partition),
  };
}

/** Options for the launcher window: our own preload, our own origin, sandboxed. */
export function launcherWindowOptions(o: {
  preload: string;
  icon?: string;
  bounds?: Partial<Rect>;
}): BrowserWindowConstructorOptions {
  return {
    // Wide enough for every column of a row (the renderer's breakpoint is 1200 px), and short
    // enough for a 768-px-high laptop screen.
    width: 1240,
    height: 720,
    minWidth: 640,
    minHeight: 480,
    ...o.bounds,
    title: 'Lightsail for Research Launcher',
    show: false,
    ...(o.icon ? { icon: o.icon } : {}),
    webPreferences: { ...HARDENED, preload: o.preload },
  };
}

/** What is wrong with a window's web preferences; empty when they are safe. */
export function webPreferencesViolations(
  prefs: WebPreferences | undefined,
  allowedPreload?: string,
): string[] {
  const p = prefs ?? {};
  const out: string[] = [];
  if (p.sandbox !== true) out.push('sandbox must be true');
  if (p.contextIsolation === false) out.push('contextIsolation must be true');
  if (p.nodeIntegration) out.push('nodeIntegration must be false');
  if (p.nodeIntegrationInSubFrames) out.push('nodeIntegrationInSubFrames must be false');
  if (p.nodeIntegrationInWorker) out.push('nodeIntegrationInWorker must be false');
  if (p.webSecurity === false) out.push('webSecurity must be true');
  if (p.webviewTag) out.push('webviewTag must be false');
  if (p.allowRunningInsecureContent) out.push('allowRunningInsecureContent must be false');
  if (p.experimentalFeatures) out.push('experimentalFeatures must be false');
  if (p.preload !== undefined && p.preload !== allowedPreload) out.push('unexpected preload');
  if (typeof p.partition === 'string' && p.partition.startsWith('persist:') && allowedPreload === undefined)
    out.push('session partition must be in memory');
  return out;
}

/** Throw when options would weaken a window; called by every window factory. */
export function assertSecureWebPreferences(
  options: BrowserWindowConstructorOptions,
  allowedPreload?: string,
): void {
  const problems = webPreferencesViolations(options.webPreferences, allowedPreload);
  if (problems.length) {
    const err = new Error(`Refusing to open a window with unsafe web preferences: ${problems.join(', ')}.`);
    err.name = 'UnsafeWindowOptions';
    throw err;
  }
}
