// The page's own PaintClock, apart from paint.ts so that file's logic is checked and tested in
// Node without the DOM.
import type { PaintClock } from './paint.js';

/** The page's paint timing, frames and timers. */
export function browserPaintClock(): PaintClock {
  return {
    hasFirstContentfulPaint: () => performance.getEntriesByName('first-contentful-paint').length > 0,
    onFirstContentfulPaint(cb) {
      // buffered: an entry recorded before observe() is delivered too.
      const observer = new PerformanceObserver((entries) => {
        const entry = entries.getEntriesByName('first-contentful-paint')[0];
        if (entry) cb(entry.startTime);
      });
      observer.observe({ type: 'paint', buffered: true });
      return () => observer.disconnect();
    },
    afterNextFrame(cb) {
      // A message posted from a frame callback runs after that frame's rendering work.
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => cb();
        channel.port2.postMessage(undefined);
      });
    },
    after(ms, cb) {
      const t = setTimeout(cb, ms);
      return () => clearTimeout(t);
    },
    now: () => performance.now(),
  };
}
