import { describe, expect, it } from 'vitest';
import { findComputer, oneRowPerComputer } from '../../electron/core/computer-identity.js';
import { makeComputerId } from '../../electron/shared/computer-id.js';
import type { VirtualComputer } from '../../electron/shared/models.js';

function pc(profile: string, name: string, arn?: string, region = 'us-east-2'): VirtualComputer {
  return {
    id: makeComputerId({ profile, region, name }),
    name,
    profile,
    region,
    state: 'running',
    app: { id: 'lfr_jupyterlab_1_0', name: 'JupyterLab' },
    plan: { id: 'app_standard_1_0' },
    ...(arn ? { arn } : {}),
  };
}
const ARN = 'arn:aws:lightsail:us-east-2:123456789012:Instance/0b1c';
const none = { picked: {}, lastGood: new Map<string, string>() };

describe('one row per computer', () => {
  it('lists a computer reached through two profiles once, under the first profile listed, the other id an alias', () => {
    const rows = oneRowPerComputer(
      [pc('teaching', 'nb', ARN), pc('research', 'nb', ARN), pc('research', 'other', 'arn:x')],
      ['research', 'teaching'],
      none,
    );
    expect(rows.map((r) => r.id)).toEqual(['research/us-east-2/nb', 'research/us-east-2/other']);
    expect(rows[0]).toMatchObject({
      profile: 'research',
      reachedThrough: ['research', 'teaching'],
      aliases: ['teaching/us-east-2/nb'],
    });
    expect(rows[1]!.reachedThrough).toBeUndefined();
  });

  it('uses the profile the user picked, else the one that last worked, else the first', () => {
    const both = [pc('research', 'nb', ARN), pc('teaching', 'nb', ARN)];
    expect(
      oneRowPerComputer(both, ['research', 'teaching'], {
        picked: { [ARN]: 'teaching' },
        lastGood: new Map(),
      })[0]!.profile,
    ).toBe('teaching');
    expect(
      oneRowPerComputer(both, ['research', 'teaching'], {
        picked: {},
        lastGood: new Map([[ARN, 'teaching']]),
      })[0]!.profile,
    ).toBe('teaching');
    expect(
      oneRowPerComputer(both, ['research', 'teaching'], {
        picked: { [ARN]: 'gone' },
        lastGood: new Map(),
      })[0]!.profile,
    ).toBe('research');
    expect(
      oneRowPerComputer(both, ['research', 'teaching'], {
        picked: { [ARN]: 'teaching' },
        lastGood: new Map(),
      })[0]!.id,
    ).toBe('research/us-east-2/nb');
  });

  it('keeps two computers of the same name in different accounts apart', () => {
    const rows = oneRowPerComputer(
      [pc('research', 'nb', ARN), pc('lab', 'nb', 'arn:aws:lightsail:us-east-2:210987654321:Instance/9f')],
      ['research', 'lab'],
      none,
    );
    expect(rows).toHaveLength(2);
  });
});

describe('finding a listed computer', () => {
  const rows = oneRowPerComputer(
    [
      pc('research', 'nb', ARN),
      pc('teaching', 'nb', ARN),
      pc('lab', 'solo', 'arn:aws:lightsail:us-east-2:999988887777:Instance/y'),
    ],
    ['research', 'teaching', 'lab'],
    none,
  );
  it('by its id, by an alias, or through another profile when the named one no longer reaches it', () => {
    expect(findComputer(rows, 'research/us-east-2/nb')?.name).toBe('nb');
    expect(findComputer(rows, 'teaching/us-east-2/nb')?.id).toBe('research/us-east-2/nb');
    expect(
      findComputer(rows, 'old-course/us-east-2/solo', (p) =>
        p === 'old-course' ? '999988887777' : undefined,
      )?.id,
    ).toBe('lab/us-east-2/solo');
  });
  it('never crosses accounts: a fallback finds only a computer of the same account and region as the named profile', () => {
    const a = pc('research', 'genomics-notebook', 'arn:aws:lightsail:us-east-2:111111111111:Instance/a');
    const list = oneRowPerComputer([a], ['research'], none);
    // hiddenp is account B: account A's computer of the same name is not its computer.
    expect(
      findComputer(list, 'hiddenp/us-east-2/genomics-notebook', (p) =>
        p === 'hiddenp' ? '222222222222' : undefined,
      ),
    ).toBeUndefined();
    // A profile whose account the launcher cannot tell finds nothing either.
    expect(findComputer(list, 'unknown/us-east-2/genomics-notebook')).toBeUndefined();
    expect(findComputer(list, 'other-role/us-east-2/genomics-notebook', () => '111111111111')?.id).toBe(a.id);
  });
  it('refuses a region that is not listed, a name that is not there, and ambiguity', () => {
    expect(findComputer(rows, 'research/eu-west-1/nb')).toBeUndefined();
    expect(findComputer(rows, 'research/us-east-2/missing')).toBeUndefined();
    const twins = [pc('a', 'nb', 'arn:1'), pc('b', 'nb', 'arn:2')];
    expect(findComputer(twins, 'c/us-east-2/nb')).toBeUndefined();
  });
});
