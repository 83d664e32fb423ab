// Knowing when the first list reached the screen: the launcher holds back work (the rest of the
// rows, the scroll observer) until then, so that work does not delay the first frame, and marks
// the moment for the load benchmark.

/** What `whenPainted` needs from the page; `browserPaintClock()` (browser-paint-clock.ts) gives the real one. */
export interface PaintClock {
  /** Whether a first contentful paint has already been presented. */
  hasFirstContentfulPaint(): boolean;
  /** Calls back with the first contentful paint's time once it is presented; returns a stop function. */
  onFirstContentfulPaint(cb: (time: number) => void): () => void;
  /** Calls back once the next frame's main-thread work (style, layout, paint) is done. */
  afterNextFrame(cb: () => void): void;
  /** A timer; returns a cancel function. */
  after(ms: number, cb: () => void): () => void;
  now(): number;
}

/**
 * Call `cb` once, with a time, when the DOM as it is now has reached the screen.
 *
 * Before any content was painted, that is the first contentful paint (the browser's own
 * presentation time). Later, the end of the next frame's main-thread work. A first contentful
 * paint dated before this call was of an earlier DOM (the prerendered first frame, reported
 * late), so then the next frame counts too. A hidden window paints nothing, so after
 * `fallbackMs` it calls back anyway.
 */
export function whenPainted(cb: (time: number) => void, clock: PaintClock, fallbackMs = 1000): void {
  const since = clock.now();
  let done = false;
  const stops: Array<() => void> = [];
  const finish = (time: number) => {
    if (done) return;
    done = true;
    for (const stop of stops) stop();
    cb(time);
  };
  const nextFrame = () => clock.afterNextFrame(() => finish(clock.now()));
  if (clock.hasFirstContentfulPaint()) nextFrame();
  else stops.push(clock.onFirstContentfulPaint((time) => (time >= since ? finish(time) : nextFrame())));
  stops.push(clock.after(fallbackMs, () => finish(clock.now())));
}
