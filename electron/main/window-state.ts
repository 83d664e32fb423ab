// Remembered session window placement, in window-state.json next to the settings (conf:
// atomic writes). Only bounds, maximized and display id are stored: never a URL or title.
import Conf from 'conf';
import * as v from 'valibot';
import type { WindowPlacement } from '../core/window-state.js';

const Num = v.pipe(v.number(), v.finite());
const PlacementSchema = v.object({
  bounds: v.object({ x: Num, y: Num, width: Num, height: Num }),
  displayId: v.optional(Num),
  maximized: v.optional(v.boolean()),
});

/** A placement store keyed by placementKey(computerId, kind). */
export function createPlacementStore(dir: string) {
  const conf = new Conf<Record<string, WindowPlacement>>({
    cwd: dir,
    configName: 'window-state',
    // Computer ids contain dots (profile names); keys are literal, not paths.
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: true,
  });
  return {
    get(key: string): WindowPlacement | undefined {
      const raw: unknown = conf.get(key);
      const parsed = v.safeParse(PlacementSchema, raw);
      return parsed.success ? (parsed.output as WindowPlacement) : undefined;
    },
    set(key: string, placement: WindowPlacement): void {
      const { bounds, displayId, maximized } = placement;
      conf.set(key, {
        bounds: { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height },
        ...(displayId !== undefined ? { displayId } : {}),
        maximized: !!maximized,
      });
    },
    path: conf.path,
  };
}
