// The polyline of a CPU sparkline: the figures spread over the width, 0–100 % over the height.
import type { CpuPoint } from '../../../electron/shared/manage.js';

/** SVG polyline points for CPU figures in a width × height box ('' for none). */
export function sparklinePoints(points: readonly CpuPoint[], width: number, height: number): string {
  if (points.length === 0) return '';
  const t0 = points[0]!.at;
  const span = Math.max(1, points[points.length - 1]!.at - t0);
  return points
    .map(
      (p) =>
        `${(((p.at - t0) / span) * width).toFixed(1)},${(height - (p.percent / 100) * height).toFixed(1)}`,
    )
    .join(' ');
}

/** The highest figure, in %. */
export function peakPercent(points: readonly CpuPoint[]): number {
  return points.length ? Math.max(...points.map((p) => p.percent)) : 0;
}
