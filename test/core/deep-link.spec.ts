import { describe, expect, it } from 'vitest';
import { findDeepLink, formatDeepLink, parseDeepLink } from '../../electron/core/deep-link.js';
import { makeComputerId } from '../../electron/shared/computer-id.js';

describe('parseDeepLink', () => {
  it('parses open links with kind', () => {
    expect(parseDeepLink('lfr-launcher://open/research/us-east-2/jupyter-1?kind=desktop')).toEqual({
      ok: true,
      value: { action: 'open', computerId: 'research/us-east-2/jupyter-1', kind: 'desktop' },
    });
    expect(parseDeepLink('lfr-launcher://open/research/us-east-2/jupyter-1')).toMatchObject({
      ok: true,
      value: { kind: 'app' },
    });
    expect(parseDeepLink('LFR-LAUNCHER://open/research/us-east-2/jupyter-1/?kind=app')).toMatchObject({
      ok: true,
    });
  });

  it('round-trips with formatDeepLink, including profile names with dots and @', () => {
    for (const id of ['research/us-east-2/jupyter-1', 'me@corp.example/eu-west-1/r_studio']) {
      for (const kind of ['app', 'desktop'] as const) {
        expect(parseDeepLink(formatDeepLink(id, kind))).toEqual({
          ok: true,
          value: { action: 'open', computerId: id, kind },
        });
      }
    }
  });

  it('has a working link for every profile name the SDK accepts, "/" included', () => {
    for (const profile of ['team/lab', 'a/b/c', 'with space', '100%', 'x:y', 'ü-profile']) {
      const id = makeComputerId({ profile, region: 'us-east-2', name: 'nb' });
      expect(parseDeepLink(formatDeepLink(id, 'app'))).toEqual({
        ok: true,
        value: { action: 'open', computerId: id, kind: 'app' },
      });
    }
    // The raw spelling of a `/` profile is one segment too many: refused, never a different computer.
    expect(parseDeepLink('lfr-launcher://open/team/lab/us-east-2/nb').ok).toBe(false);
  });

  it.each([
    ['another scheme', 'https://open/research/us-east-2/jupyter-1'],
    ['another action', 'lfr-launcher://stop/research/us-east-2/jupyter-1'],
    ['too few segments', 'lfr-launcher://open/research/jupyter-1'],
    ['too many segments', 'lfr-launcher://open/research/us-east-2/jupyter-1/x'],
    ['an encoded slash', 'lfr-launcher://open/research/us-east-2/a%2Fb'],
    ['path traversal', 'lfr-launcher://open/research/../us-east-2/jupyter-1'],
    ['a bad region', 'lfr-launcher://open/research/moon-1/jupyter-1'],
    ['a bad computer name', 'lfr-launcher://open/research/us-east-2/-bad-'],
    ['a bad kind', 'lfr-launcher://open/research/us-east-2/jupyter-1?kind=shell'],
    ['an extra parameter', 'lfr-launcher://open/research/us-east-2/jupyter-1?kind=app&url=https://evil.test'],
    ['a repeated kind', 'lfr-launcher://open/research/us-east-2/jupyter-1?kind=app&kind=desktop'],
    ['credentials', 'lfr-launcher://user:pw@open/research/us-east-2/jupyter-1'],
    ['a port', 'lfr-launcher://open:99/research/us-east-2/jupyter-1'],
    ['a fragment', 'lfr-launcher://open/research/us-east-2/jupyter-1#x'],
    ['bad percent-encoding', 'lfr-launcher://open/research/us-east-2/%E0%A4%A'],
    ['something enormous', `lfr-launcher://open/research/us-east-2/${'a'.repeat(2000)}`],
    ['not a URL', 'lfr-launcher:'],
  ])('refuses %s', (_name, raw) => {
    const r = parseDeepLink(raw);
    expect(r.ok).toBe(false);
  });
});

describe('findDeepLink', () => {
  it('finds the link in a forwarded command line', () => {
    expect(findDeepLink(['/usr/bin/app', '--flag', 'lfr-launcher://open/a/us-east-2/c1?kind=app'])).toBe(
      'lfr-launcher://open/a/us-east-2/c1?kind=app',
    );
    expect(findDeepLink(['/usr/bin/app', '--demo'])).toBeUndefined();
  });
});

describe('the link target', () => {
  it('takes ?open=window|client|browser and refuses anything else', () => {
    expect(parseDeepLink('lfr-launcher://open/p/us-east-2/c1?kind=desktop&open=client')).toEqual({
      ok: true,
      value: { action: 'open', computerId: 'p/us-east-2/c1', kind: 'desktop', target: 'client' },
    });
    expect(parseDeepLink('lfr-launcher://open/p/us-east-2/c1?open=shell').ok).toBe(false);
    expect(parseDeepLink('lfr-launcher://open/p/us-east-2/c1?open=client&open=browser').ok).toBe(false);
  });
});
