// Facts about sessions that main, core and renderer all need.
import type { SessionKind, SessionPhase } from './models.js';

export { kindLabel } from './vocabulary.js';

/** True once a session setup is over: opened, failed or cancelled. */
export function isSetupOver(phase: SessionPhase): boolean {
  return phase === 'ready' || phase === 'failed' || phase === 'cancelled';
}

/** The other kind: the desktop for the application and back. */
export function otherKind(kind: SessionKind): SessionKind {
  return kind === 'app' ? 'desktop' : 'app';
}
