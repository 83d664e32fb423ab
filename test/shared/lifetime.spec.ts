import { describe, expect, it } from 'vitest';
import { formatUsd, idleRuleProblem, timeLeftLabel } from '../../electron/shared/lifetime.js';
import { parseArgs } from '../../electron/shared/ipc-contract.js';

describe('time left, dollars and rule limits as the launcher shows them', () => {
  it('counts down in whole minutes, then under a minute, then ended', () => {
    expect(timeLeftLabel(1_000 + 42.7 * 60_000, 1_000)).toBe('42 min left');
    expect(timeLeftLabel(30_000, 0)).toBe('under a minute left');
    expect(timeLeftLabel(0, 5)).toBe('ended');
  });

  it('shows dollars with cents', () => {
    expect(formatUsd(12.3456)).toBe('$12.35');
    expect(formatUsd(0)).toBe('$0.00');
  });

  it('the IPC contract refuses the rules the editor refuses', () => {
    const id = 'lab/us-east-2/genomics-lab';
    expect(() =>
      parseArgs('computers:setIdleRule', [id, { thresholdPercent: 5, durationMinutes: 30 }]),
    ).not.toThrow();
    expect(() => parseArgs('computers:setIdleRule', [id, null])).not.toThrow();
    for (const bad of [
      { thresholdPercent: 0, durationMinutes: 30 },
      { thresholdPercent: 5, durationMinutes: 2 },
      { thresholdPercent: 5, durationMinutes: 30.5 },
      { thresholdPercent: 5 },
    ]) {
      expect(() => parseArgs('computers:setIdleRule', [id, bad])).toThrow();
      if ('durationMinutes' in bad)
        expect(idleRuleProblem(bad as { thresholdPercent: number; durationMinutes: number })).toBeDefined();
    }
  });
});
