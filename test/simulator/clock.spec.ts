import { describe, expect, it } from 'vitest';
import { createSimClock } from '../../electron/simulator/clock.js';

function fakeReal(start = 1_000_000) {
  let t = start;
  return { now: () => t, tick: (ms: number) => (t += ms) };
}

describe('SimClock', () => {
  it('runs virtual time at the chosen scale and adds manual advances', () => {
    const real = fakeReal();
    const clock = createSimClock({ timeScale: 60, realNow: real.now, start: 0 });
    real.tick(1_000);
    expect(clock.now()).toBe(60_000);
    clock.advance(5_000);
    expect(clock.now()).toBe(65_000);
    real.tick(500);
    expect(clock.now()).toBe(95_000);
  });

  it('keeps time continuous when the scale changes', () => {
    const real = fakeReal();
    const clock = createSimClock({ realNow: real.now, start: 0 });
    real.tick(1_000);
    clock.setScale(10);
    expect(clock.now()).toBe(1_000);
    real.tick(1_000);
    expect(clock.now()).toBe(11_000);
    expect(clock.scale()).toBe(10);
  });

  it('maps a virtual instant back to the real moment it was reached', () => {
    const real = fakeReal(5_000);
    const clock = createSimClock({ timeScale: 100, realNow: real.now, start: 0 });
    real.tick(200); // virtual 20_000
    clock.advance(30_000); // virtual 50_000 at real 5_200
    real.tick(100); // virtual 60_000 at real 5_300
    expect(clock.wallTimeAt(10_000)).toBe(5_100);
    // Reached during the jump: the jump's real time.
    expect(clock.wallTimeAt(35_000)).toBe(5_200);
    expect(clock.wallTimeAt(55_000)).toBe(5_250);
    // Still in the future: predicted at the current rate.
    expect(clock.wallTimeAt(70_000)).toBe(5_400);
  });

  it('refuses negative advances and scales', () => {
    const clock = createSimClock();
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.setScale(-2)).toThrow(RangeError);
  });
});
