import { describe, expect, it } from 'vitest';
import { whenPainted, type PaintClock } from '../../../renderer/src/lib/paint.js';

/** A page whose paints, frames and timers the test drives by hand. */
function fakePage(opts: { painted?: boolean } = {}) {
  let now = 0;
  let fcpListener: ((t: number) => void) | undefined;
  const frames: Array<() => void> = [];
  const timers: Array<{ at: number; cb: () => void; live: boolean }> = [];
  const clock: PaintClock = {
    hasFirstContentfulPaint: () => opts.painted ?? false,
    onFirstContentfulPaint(cb) {
      fcpListener = cb;
      return () => (fcpListener = undefined);
    },
    afterNextFrame: (cb) => void frames.push(cb),
    after(ms, cb) {
      const t = { at: now + ms, cb, live: true };
      timers.push(t);
      return () => (t.live = false);
    },
    now: () => now,
  };
  return {
    clock,
    firstContentfulPaint: (t: number) => fcpListener?.(t),
    frame: (at: number) => {
      now = at;
      for (const f of frames.splice(0)) f();
    },
    advance(ms: number) {
      now += ms;
      for (const t of timers) {
        if (!t.live || t.at > now) continue;
        t.live = false;
        t.cb();
      }
    },
    get listening() {
      return fcpListener !== undefined;
    },
  };
}

describe('whenPainted', () => {
  it("reports the browser's first contentful paint time when nothing was painted before", () => {
    const page = fakePage();
    const seen: number[] = [];
    whenPainted((t) => seen.push(t), page.clock);
    expect(seen).toEqual([]);
    page.firstContentfulPaint(143.5);
    expect(seen).toEqual([143.5]);
  });

  it('a first contentful paint dated before the call was of an earlier DOM: the next frame counts', () => {
    const page = fakePage();
    page.advance(200);
    const seen: number[] = [];
    whenPainted((t) => seen.push(t), page.clock);
    page.firstContentfulPaint(180);
    expect(seen).toEqual([]);
    page.frame(240);
    expect(seen).toEqual([240]);
  });

  it('after an earlier paint, reports the end of the next frame', () => {
    const page = fakePage({ painted: true });
    const seen: number[] = [];
    whenPainted((t) => seen.push(t), page.clock);
    page.frame(260);
    expect(seen).toEqual([260]);
  });

  it('calls back once, even when the fallback timer and the paint both come', () => {
    const page = fakePage();
    const seen: number[] = [];
    whenPainted((t) => seen.push(t), page.clock, 500);
    page.firstContentfulPaint(120);
    page.advance(600);
    expect(seen).toEqual([120]);
    expect(page.listening).toBe(false);
  });

  it('a hidden window, which paints nothing, still gets its call after the fallback time', () => {
    const page = fakePage();
    const seen: number[] = [];
    whenPainted((t) => seen.push(t), page.clock, 500);
    page.advance(499);
    expect(seen).toEqual([]);
    page.advance(1);
    expect(seen).toEqual([500]);
    expect(page.listening).toBe(false);
    page.firstContentfulPaint(700);
    expect(seen).toEqual([500]);
  });
});
