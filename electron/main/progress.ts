// Taskbar (Windows, Linux Unity) and dock (macOS) progress while sessions are being set up.
import type { SessionProgress } from '../shared/models.js';

const ACTIVE = new Set(['starting-computer', 'starting-session', 'setting-up', 'opening']);

/** Overall progress 0..1 of the setups in flight, or -1 (clears the bar) when none is. */
export function aggregateProgress(progress: readonly SessionProgress[]): {
  fraction: number;
  active: number;
} {
  const active = progress.filter((p) => ACTIVE.has(p.phase));
  if (active.length === 0) return { fraction: -1, active: 0 };
  const mean = active.reduce((sum, p) => sum + Math.min(100, Math.max(0, p.percentage)), 0) / active.length;
  // A bar stuck at 0 reads as "not started"; show a sliver so the user sees work is under way.
  return { fraction: Math.max(0.02, mean / 100), active: active.length };
}
