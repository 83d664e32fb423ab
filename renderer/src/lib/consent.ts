// Starting a stopped computer costs money and takes a minute, so the launcher asks first
// (unless the user said not to). Pure, so the rules are unit-tested without a DOM.
import type { LauncherError, SessionKind, VirtualComputer } from '../../../electron/shared/models.js';

/** A question waiting for the user's answer on one row. */
export interface StartQuestion {
  kind: SessionKind;
}

/** Whether opening a session on this computer must ask before starting it. */
export function needsStartConsent(
  computer: Pick<VirtualComputer, 'state'> | undefined,
  settings: { autoStartComputers: boolean } | undefined,
): boolean {
  // Unknown settings: ask; starting without consent is the worse mistake.
  return computer?.state === 'stopped' && settings?.autoStartComputers !== true;
}

/** The core refused because the computer is stopped (its list knew better than ours). */
export function isStoppedRefusal(error: Pick<LauncherError, 'kind'> | undefined): boolean {
  return error?.kind === 'computer-stopped';
}

/** The question shown on the row. */
export function startQuestion(name: string, kind: SessionKind): string {
  return `${name} is stopped. Start it and open the ${kind === 'app' ? 'application' : 'desktop'}?`;
}
