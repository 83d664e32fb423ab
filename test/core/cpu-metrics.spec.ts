import { describe, expect, it } from 'vitest';
import { CpuMetricsCache, idleRulePreview } from '../../electron/core/cpu-metrics.js';
import {
  ageLabel,
  deleteWarning,
  snapshotsMonthlyPrice,
  defaultSnapshotName,
  idlePreviewLabel,
  priceLabel,
  resourceNameProblem,
} from '../../electron/shared/manage.js';
import type { CpuPoint } from '../../electron/shared/manage.js';
import type { Result } from '../../electron/shared/models.js';

const T0 = Date.UTC(2026, 2, 15);
const five = 300_000;
const series = (values: number[], from = T0): CpuPoint[] =>
  values.map((percent, i) => ({ at: from + i * five, percent }));

describe('idle-rule preview', () => {
  it('stops once per idle stretch that lasts the duration, and only again after the computer was used', () => {
    // 12 idle slots (1 h), 6 busy, 3 idle (15 min, too short), 8 idle after a busy slot.
    const pts = series([
      ...Array(12).fill(1),
      ...Array(6).fill(50),
      ...Array(3).fill(1),
      50,
      ...Array(8).fill(2),
    ]);
    const p = idleRulePreview(pts, { thresholdPercent: 5, durationMinutes: 30 });
    expect(p.stops).toEqual([T0 + 30 * 60_000, T0 + (22 * 5 + 30) * 60_000]);
    expect(p.enoughData).toBe(true);
  });

  it('a gap in the figures (the computer was stopped) ends an idle stretch', () => {
    const pts = [...series(Array(4).fill(1)), ...series(Array(4).fill(1), T0 + 3 * 3_600_000)];
    expect(idleRulePreview(pts, { thresholdPercent: 5, durationMinutes: 30 }).stops).toEqual([]);
  });

  it('says when there is too little data to tell, and words each outcome', () => {
    const fmt = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    expect(idleRulePreview(series([1, 1]), { thresholdPercent: 5, durationMinutes: 60 }).enoughData).toBe(
      false,
    );
    expect(idlePreviewLabel({ stops: [], enoughData: false }, 24, fmt)).toMatch(/not enough CPU data/);
    expect(idlePreviewLabel({ stops: [], enoughData: true }, 24, fmt)).toBe(
      'Over the last 24 hours this rule would not have stopped it.',
    );
    expect(
      idlePreviewLabel(
        { stops: [T0 + 14 * 3_600_000 + 5 * 60_000, T0 + 22 * 3_600_000 + 40 * 60_000], enoughData: true },
        24,
        fmt,
      ),
    ).toBe('Over the last 24 hours this rule would have stopped it twice, after 14:05 and 22:40.');
  });
});

describe('CPU figures cache', () => {
  function setup(maxCallsPerMinute = 3) {
    let now = T0;
    const fetched: string[] = [];
    const cache = new CpuMetricsCache(
      { now: () => now },
      async (key): Promise<Result<CpuPoint[]>> => {
        fetched.push(key);
        return { ok: true, value: [{ at: now, percent: 3 }] };
      },
      { ttlMs: 5 * 60_000, maxCallsPerMinute },
    );
    return { cache, fetched, advance: (ms: number) => (now += ms) };
  }

  it('fetches nothing until asked, then reuses the figures for five minutes', async () => {
    const { cache, fetched, advance } = setup();
    expect(fetched).toEqual([]);
    await cache.get('a');
    await cache.get('a');
    advance(4 * 60_000);
    await cache.get('a');
    expect(fetched).toEqual(['a']);
    advance(60_000);
    await cache.get('a');
    expect(fetched).toEqual(['a', 'a']);
  });

  it('asks once for concurrent requests of one computer', async () => {
    const { cache, fetched } = setup();
    await Promise.all([cache.get('a'), cache.get('a'), cache.get('a')]);
    expect(fetched).toEqual(['a']);
  });

  it('stays within its calls per minute: beyond them it answers from older figures or says to wait', async () => {
    const { cache, fetched, advance } = setup(2);
    await cache.get('a');
    await cache.get('b');
    const c = await cache.get('c');
    expect(c.ok).toBe(false);
    expect(!c.ok && c.error).toMatchObject({ kind: 'throttled', name: 'MetricsBudget' });
    advance(5 * 60_000);
    expect((await cache.get('c')).ok).toBe(true);
    await cache.get('a');
    const stale = await cache.get('b');
    expect(stale.ok).toBe(true);
    expect(fetched).toEqual(['a', 'b', 'c', 'a']);
    expect(cache.callsLastMinute()).toBe(2);
  });
});

describe('manage words', () => {
  it('names, prices, ages, the delete warning and snapshot names', () => {
    expect(resourceNameProblem('computer', 'lab-1')).toBeUndefined();
    expect(resourceNameProblem('computer', 'a')).toMatch(/at least two characters/);
    expect(resourceNameProblem('computer', '')).toBe('Give the computer a name.');
    expect(priceLabel(30.16)).toBe('$0.0413/hour · $30.16/month');
    expect(ageLabel(T0, T0 + 3 * 3_600_000)).toBe('3 h ago');
    expect(ageLabel(T0, T0 + 3 * 86_400_000)).toBe('3 days ago');
    expect(deleteWarning('lab', 2).costs).toBe(
      'Its 2 snapshots stay and keep costing until you delete them.',
    );
    expect(deleteWarning('lab', 2, { pricePerMonth: 5 }).costs).toBe(
      'Its 2 snapshots stay and keep costing (up to $5.00/month) until you delete them.',
    );
    expect(deleteWarning('lab', 1, { withSnapshots: true })).toMatchObject({
      lost: expect.stringMatching(/So is its snapshot\.$/),
      costs: 'Nothing of it keeps costing: its snapshot is deleted after it.',
      confirm: 'Delete computer and snapshots',
    });
    expect(snapshotsMonthlyPrice([{ sizeGb: 50 }, { sizeGb: 50 }])).toBe(5);
    expect(deleteWarning('lab', 0).lost).toMatch(/system disk/);
    const n = defaultSnapshotName('lab', T0 + 14 * 3_600_000 + 5 * 60_000);
    expect(n).toBe('lab-2026-03-15-1405');
    expect(resourceNameProblem('snapshot', n)).toBeUndefined();
  });
});
