// Facts about sessions that main, core and renderer all need.
import type { DesktopUnavailable, SessionKind, SessionPhase } from './models.js';

export { kindLabel } from './vocabulary.js';

/** True once a session setup is over: opened, failed or cancelled. */
export function isSetupOver(phase: SessionPhase): boolean {
  return phase === 'ready' || phase === 'failed' || phase === 'cancelled';
}

/** The other kind: the desktop for the application and back. */
export function otherKind(kind: SessionKind): SessionKind {
  return kind === 'app' ? 'desktop' : 'app';
}

/** Why the desktop cannot be opened, as the row, the tray and the error say it. */
export const DESKTOP_UNAVAILABLE: Readonly<Record<DesktopUnavailable, string>> = {
  'one-session':
    'Lightsail returned only one session for this computer, opened as the application; there is no desktop to open.',
  'no-primary':
    'Lightsail did not say which session is the application, so the first one opens as the application and no desktop is opened.',
  'every-primary': 'Lightsail marked every session as the application, so no desktop is known.',
};
