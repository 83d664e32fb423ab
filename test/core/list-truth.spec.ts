import { describe, expect, it } from 'vitest';
import { staleRows } from '../../electron/core/list-truth.js';
import type { VirtualComputer } from '../../electron/shared/models.js';
import { sessionStatusLabel } from '../../renderer/src/lib/list-model.js';

const vc = (profile: string, region: string, name: string, arn?: string): VirtualComputer => ({
  id: `${profile}/${region}/${name}`,
  name,
  profile,
  region,
  state: 'running',
  app: { id: 'lfr_ubuntu_1_0', name: 'Ubuntu' },
  plan: { id: 'x' },
  ...(arn ? { arn } : {}),
});
const err = (profile: string, region?: string) => ({
  profile,
  ...(region ? { region } : {}),
  error: {
    name: 'E',
    kind: 'service' as const,
    message: `failed ${profile} ${region ?? ''}`,
    nextStep: '',
    retryable: true,
  },
});

describe('staleRows', () => {
  it('keeps the rows of a failed region or profile, marked with the reason, and nothing else', () => {
    const prev = [vc('a', 'r1', 'one'), vc('a', 'r2', 'two'), vc('b', 'r1', 'three'), vc('c', 'r1', 'four')];
    const kept = staleRows(prev, [err('a', 'r1'), err('b')], []);
    expect(kept.map((c) => [c.name, c.staleReason])).toEqual([
      ['one', 'failed a r1'],
      ['three', 'failed b '],
    ]);
  });

  it('does not keep a computer the sweep found again (same ARN, another profile)', () => {
    const prev = [vc('a', 'r1', 'one', 'arn:x')];
    expect(staleRows(prev, [err('a', 'r1')], [vc('b', 'r1', 'one', 'arn:x')])).toEqual([]);
  });
});

describe('the session status shown', () => {
  it('is "unknown" for a running computer the service has not told about, never a guessed "No session"', () => {
    expect(sessionStatusLabel(undefined, 'running')).toBe('Session unknown');
    expect(sessionStatusLabel(undefined, 'stopped')).toBe('No session');
    expect(sessionStatusLabel('started', 'running')).not.toBe('Session unknown');
  });
});
