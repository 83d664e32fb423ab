// Remembered session window placement per {computer, kind}, clamped onto the displays that
// exist now: a window saved on a monitor that was since unplugged must not open off screen.
import type { ComputerId, SessionKind } from '../shared/models.js';

/** A screen rectangle in DIP. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A display as the shell reports it (Electron's screen.getAllDisplays()). */
export interface DisplayArea {
  id: number;
  workArea: Rect;
}

/** What is remembered for one window. */
export interface WindowPlacement {
  bounds: Rect;
  displayId?: number;
  maximized?: boolean;
}

/** Where remembered placements are keyed. */
export function placementKey(computerId: ComputerId, kind: SessionKind): string {
  return `${computerId}#${kind}`;
}

/** Smallest window we restore, and how much of it must stay grabbable on screen. */
export const MIN_SIZE = { width: 480, height: 320 };
const MIN_VISIBLE = 80;

function intersection(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function centred(size: { width: number; height: number }, area: Rect): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  };
}

function finite(r: Rect | undefined): r is Rect {
  return (
    !!r &&
    [r.x, r.y, r.width, r.height].every((n) => typeof n === 'number' && Number.isFinite(n)) &&
    r.width > 0 &&
    r.height > 0
  );
}

/**
 * Place a window: the saved bounds when they still fit a display (size clamped to its work
 * area and moved fully onto it), else the default size centred on the primary display.
 */
export function restorePlacement(
  saved: WindowPlacement | undefined,
  displays: readonly DisplayArea[],
  primary: DisplayArea,
  defaultSize: { width: number; height: number },
): WindowPlacement {
  if (!saved || !finite(saved.bounds)) return { bounds: centred(defaultSize, primary.workArea) };
  const b = saved.bounds;
  const byId = displays.find((d) => d.id === saved.displayId);
  const best = [...displays].sort((d1, d2) => intersection(b, d2.workArea) - intersection(b, d1.workArea))[0];
  const overlap = best ? intersection(b, best.workArea) : 0;
  const target =
    byId && intersection(b, byId.workArea) > 0
      ? byId
      : overlap >= MIN_VISIBLE * MIN_VISIBLE
        ? best!
        : undefined;
  if (!target)
    return {
      bounds: centred({ width: b.width, height: b.height }, primary.workArea),
      displayId: primary.id,
      maximized: !!saved.maximized,
    };
  const area = target.workArea;
  const width = Math.max(Math.min(b.width, area.width), Math.min(MIN_SIZE.width, area.width));
  const height = Math.max(Math.min(b.height, area.height), Math.min(MIN_SIZE.height, area.height));
  const x = Math.min(Math.max(b.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(b.y, area.y), area.y + area.height - height);
  return { bounds: { x, y, width, height }, displayId: target.id, maximized: !!saved.maximized };
}
