import { describe, expect, it } from 'vitest';
import {
  computerNameOf,
  isComputerId,
  makeComputerId,
  parseComputerId,
} from '../../electron/shared/computer-id.js';

describe('computer ids', () => {
  it('keep the ids made before profile encoding as they were', () => {
    expect(makeComputerId({ profile: 'research', region: 'us-east-2', name: 'jupyter-1' })).toBe(
      'research/us-east-2/jupyter-1',
    );
    expect(makeComputerId({ profile: 'me@corp.example', region: 'eu-west-1', name: 'r_studio' })).toBe(
      'me@corp.example/eu-west-1/r_studio',
    );
  });

  it.each(['team/dev', 'a:b', '100%', 'with space', 'ünïcode', 'x'.repeat(300), 'a%2Fb'])(
    'round-trip the profile name %s',
    (profile) => {
      const id = makeComputerId({ profile, region: 'us-west-2', name: 'nb' });
      expect(id.split('/')).toHaveLength(3);
      expect(parseComputerId(id)).toEqual({ profile, region: 'us-west-2', name: 'nb' });
      expect(computerNameOf(id)).toBe('nb');
    },
  );

  it('refuse what is not an id, and a second spelling of one', () => {
    for (const bad of [
      '',
      'a/b',
      'p/us-east-1/bad name',
      'p/not-a-region/nb',
      'p/us-east-1/-x',
      'a%2/us-east-1/nb',
      'a%3Ab/us-east-1/nb'.replace('%3A', '%3a'),
      'r%65search/us-east-1/nb',
      5,
      null,
    ]) {
      expect(isComputerId(bad)).toBe(false);
    }
    expect(isComputerId('x'.repeat(5000) + '/us-east-1/nb')).toBe(false);
  });
});
