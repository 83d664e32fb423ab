// The launcher's words, once: where an open was asked from, what a session kind is called, and
// the question a stopped computer raises. Main, core, CLI and renderer all read them here, so a
// label cannot drift between the tray, the rows, the notifications and the terminal.
import type { SessionKind } from './models.js';

/** Where an open was asked from: a launcher row, the tray, a session window's menu, a shortcut, a link. */
export const OPEN_SOURCES = ['row', 'tray', 'menu', 'shortcut', 'link'] as const;

/** Where an open was asked from. */
export type OpenSource = (typeof OPEN_SOURCES)[number];

/** "Application" or "Desktop" (titles, menus). */
export function kindLabel(kind: SessionKind): string {
  return kind === 'app' ? 'Application' : 'Desktop';
}

/** "application" or "desktop" (inside a sentence). */
export function kindWord(kind: SessionKind): string {
  return kind === 'app' ? 'application' : 'desktop';
}

/** The question a stopped computer raises before anything starts it. */
export function startQuestion(name: string, kind: SessionKind): string {
  return `${name} is stopped. Start it and open the ${kindWord(kind)}?`;
}
