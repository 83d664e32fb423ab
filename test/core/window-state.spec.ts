import { describe, expect, it } from 'vitest';
import { placementKey, restorePlacement, type DisplayArea } from '../../electron/core/window-state.js';

const primary: DisplayArea = { id: 1, workArea: { x: 0, y: 25, width: 1920, height: 1055 } };
const right: DisplayArea = { id: 2, workArea: { x: 1920, y: 0, width: 2560, height: 1440 } };
const size = { width: 1280, height: 800 };

describe('restorePlacement', () => {
  it('centres the default size on the primary display when nothing is remembered', () => {
    expect(restorePlacement(undefined, [primary], primary, size).bounds).toEqual({
      x: 320,
      y: 153,
      width: 1280,
      height: 800,
    });
  });

  it('keeps remembered bounds that fit their display', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1600, height: 1000 }, displayId: 2, maximized: true };
    expect(restorePlacement(saved, [primary, right], primary, size)).toEqual(saved);
  });

  it('brings a window from an unplugged monitor back onto the primary display', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1600, height: 1000 }, displayId: 2 };
    const r = restorePlacement(saved, [primary], primary, size);
    expect(r.displayId).toBe(1);
    expect(r.bounds.x).toBeGreaterThanOrEqual(0);
    expect(r.bounds.x + r.bounds.width).toBeLessThanOrEqual(1920);
    expect(r.bounds.y).toBeGreaterThanOrEqual(25);
  });

  it('pulls a window hanging off an edge fully onto the display, shrinking it to fit', () => {
    const r = restorePlacement(
      { bounds: { x: 1700, y: -200, width: 2500, height: 600 } },
      [primary],
      primary,
      size,
    );
    expect(r.bounds).toEqual({ x: 0, y: 25, width: 1920, height: 600 });
  });

  it('ignores nonsense bounds', () => {
    const r = restorePlacement(
      { bounds: { x: Number.NaN, y: 0, width: -5, height: 10 } },
      [primary],
      primary,
      size,
    );
    expect(r.bounds).toEqual({ x: 320, y: 153, width: 1280, height: 800 });
  });

  it('never restores a window smaller than usable', () => {
    const r = restorePlacement(
      { bounds: { x: 100, y: 100, width: 50, height: 40 }, displayId: 1 },
      [primary],
      primary,
      size,
    );
    expect(r.bounds.width).toBeGreaterThanOrEqual(480);
    expect(r.bounds.height).toBeGreaterThanOrEqual(320);
  });

  it('keys placements per computer and kind', () => {
    expect(placementKey('p/us-east-2/c', 'app')).not.toBe(placementKey('p/us-east-2/c', 'desktop'));
  });
});
