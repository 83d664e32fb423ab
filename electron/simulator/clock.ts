// Virtual time for the simulator: real elapsed time times a scale, plus manual jumps; or the
// clock of a test world (one clock the simulator, the launcher and the test all read).
// Every state change is derived lazily from timestamps on this clock, so no timers run.

/** One stretch of the clock's history: from realStart on, virtual time runs at `scale`. */
interface Segment {
  realStart: number;
  virtualStart: number;
  scale: number;
}

/** A controllable clock: virtual = real elapsed * scale + manual advances. */
export interface SimClock {
  /** Virtual epoch ms. */
  now(): number;
  /** Jump virtual time forward by ms. */
  advance(ms: number): void;
  /** Change how fast virtual time runs relative to real time (from now on). */
  setScale(n: number): void;
  scale(): number;
  /** The real wall-clock ms at which virtual time reached (or will reach) `virtualMs`. */
  wallTimeAt(virtualMs: number): number;
  /**
   * The simulator holds a request on purpose (a hang or trickle fault): a test world's clock may
   * move on meanwhile, as the only thing that ends such a wait is a deadline. Call the returned
   * function when the request goes on or ends.
   */
  hold(): () => void;
}

/**
 * A clock owned by a test world (one per world): the simulator reads its time, moves it with
 * `advance` (tests, the admin route) and tells it which requests it holds on purpose.
 */
export interface WorldClock {
  now(): number;
  /** Jump forward by ms; the world's sleeps that fall due wake. */
  advance(ms: number): void;
  hold?(): () => void;
}

/** A SimClock reading a test world's clock: no scale, virtual time is the world's time. */
export function simClockOf(world: WorldClock): SimClock {
  return {
    now: () => world.now(),
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError(`advance(ms) needs a finite ms >= 0, got ${ms}`);
      world.advance(ms);
    },
    setScale() {
      throw new Error(
        "this simulator runs on its test world's clock, which has no scale: advance it instead",
      );
    },
    scale: () => 0,
    // The world's time is the only time there is.
    wallTimeAt: (v) => v,
    hold: () => world.hold?.() ?? noop,
  };
}

const noop = () => undefined;

/** Creates a SimClock; `realNow` is injectable so tests can drive real time too. */
export function createSimClock(
  opts: { timeScale?: number; realNow?: () => number; start?: number } = {},
): SimClock {
  const realNow = opts.realNow ?? (() => Date.now());
  const t0 = realNow();
  const segments: Segment[] = [
    { realStart: t0, virtualStart: opts.start ?? t0, scale: checkScale(opts.timeScale ?? 1) },
  ];
  const last = () => segments[segments.length - 1]!;
  const virtualAt = (seg: Segment, real: number) => seg.virtualStart + (real - seg.realStart) * seg.scale;

  // Long test runs call advance() often; older history only matters for wallTimeAt of old events.
  const push = (seg: Segment) => {
    segments.push(seg);
    if (segments.length > 10_000) segments.splice(0, segments.length - 10_000);
  };

  return {
    now: () => virtualAt(last(), realNow()),
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError(`advance(ms) needs a finite ms >= 0, got ${ms}`);
      const real = realNow();
      const seg = last();
      push({ realStart: real, virtualStart: virtualAt(seg, real) + ms, scale: seg.scale });
    },
    setScale(n) {
      const real = realNow();
      push({ realStart: real, virtualStart: virtualAt(last(), real), scale: checkScale(n) });
    },
    scale: () => last().scale,
    wallTimeAt(v) {
      for (let i = segments.length - 1; i >= 0; i--) {
        const seg = segments[i]!;
        if (v >= seg.virtualStart) {
          const next = segments[i + 1];
          if (v === seg.virtualStart) return seg.realStart;
          if (seg.scale === 0) return next ? next.realStart : Number.POSITIVE_INFINITY;
          const real = seg.realStart + (v - seg.virtualStart) / seg.scale;
          // Reached inside an advance() jump: it happened at the moment of the jump.
          return next ? Math.min(real, next.realStart) : real;
        }
      }
      return segments[0]!.realStart;
    },
    // Real elapsed time moves this clock by itself: holding a request changes nothing.
    hold: () => noop,
  };
}

function checkScale(n: number): number {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`timeScale must be a finite number >= 0, got ${n}`);
  return n;
}
