// The keyboard model of the list, pure so it is unit-tested without a DOM: arrows move the
// selection, Enter opens the application, Shift+Enter the desktop, `/` focuses search,
// Escape clears search (or the selection).
import type { SessionKind } from '../../../electron/shared/models.js';

export type KeyCommand =
  | { type: 'move'; delta: number }
  | { type: 'first' }
  | { type: 'last' }
  | { type: 'open'; kind: SessionKind }
  | { type: 'focus-search' }
  | { type: 'escape' };

export interface KeyLike {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

export interface KeyContext {
  /** Focus is in a text field (search box): `/`, Home and End type there. */
  inTextField: boolean;
  /** Focus is on a button or a link, where Enter already means "press this". */
  onControl: boolean;
}

const PAGE = 10;

/** What a key press means for the list, or null to let it through. */
export function keyCommand(e: KeyLike, ctx: KeyContext): KeyCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case 'ArrowDown':
      return { type: 'move', delta: 1 };
    case 'ArrowUp':
      return { type: 'move', delta: -1 };
    case 'PageDown':
      return ctx.inTextField ? null : { type: 'move', delta: PAGE };
    case 'PageUp':
      return ctx.inTextField ? null : { type: 'move', delta: -PAGE };
    case 'Home':
      return ctx.inTextField ? null : { type: 'first' };
    case 'End':
      return ctx.inTextField ? null : { type: 'last' };
    case 'Enter':
      return ctx.onControl ? null : { type: 'open', kind: e.shiftKey ? 'desktop' : 'app' };
    case '/':
      return ctx.inTextField ? null : { type: 'focus-search' };
    case 'Escape':
      return { type: 'escape' };
    default:
      return null;
  }
}

/** The id selected after a move; stays within the list, picks the first when none. */
export function moveSelection(
  ids: readonly string[],
  current: string | undefined,
  cmd: Extract<KeyCommand, { type: 'move' | 'first' | 'last' }>,
): string | undefined {
  if (!ids.length) return undefined;
  if (cmd.type === 'first') return ids[0];
  if (cmd.type === 'last') return ids[ids.length - 1];
  const at = current === undefined ? -1 : ids.indexOf(current);
  if (at < 0) return cmd.delta > 0 ? ids[0] : ids[ids.length - 1];
  const next = Math.min(ids.length - 1, Math.max(0, at + cmd.delta));
  return ids[next];
}
