import { describe, expect, it } from 'vitest';
import { ValiError } from 'valibot';
import { invokeContract, isInvokeChannel, parseArgs } from '../../electron/shared/ipc-contract.js';

describe('IPC contract validation', () => {
  it('accepts a well-formed computer id and session kind', () => {
    expect(parseArgs('session:open', ['research/us-east-2/jupyter-1', 'desktop'])).toEqual([
      'research/us-east-2/jupyter-1',
      'desktop',
    ]);
  });

  it('accepts the optional consent to start a stopped computer, and nothing else there', () => {
    expect(
      parseArgs('session:open', ['research/us-east-2/jupyter-1', 'app', { startComputer: true }]),
    ).toEqual(['research/us-east-2/jupyter-1', 'app', { startComputer: true }]);
    expect(() =>
      parseArgs('session:open', ['research/us-east-2/jupyter-1', 'app', { startComputer: 'yes' }]),
    ).toThrow(ValiError);
    expect(() =>
      parseArgs('session:open', ['research/us-east-2/jupyter-1', 'app', { url: 'https://x' }]),
    ).toThrow(ValiError);
  });

  it.each([
    ['a name outside the resourceName pattern', ['p/us-east-2/-bad', 'app']],
    ['a single-character name', ['p/us-east-2/x', 'app']],
    ['a path-traversal attempt', ['p/../../etc', 'app']],
    ['an unknown session kind', ['p/us-east-2/ok-name', 'shell']],
    ['a missing argument', ['p/us-east-2/ok-name']],
    ['an extra argument', ['p/us-east-2/ok-name', 'app', 'more']],
    ['a non-array payload', { computerId: 'p/us-east-2/ok-name' }],
    ['a region that is not a region', ['p/not a region/ok-name', 'app']],
  ])('refuses %s', (_why, args) => {
    expect(() => parseArgs('session:open', args)).toThrow(ValiError);
  });

  it('refuses settings keys it does not know, so a compromised renderer cannot write arbitrary settings', () => {
    expect(() => parseArgs('settings:update', [{ closeToTray: false, evil: 1 }])).toThrow(ValiError);
    expect(parseArgs('settings:update', [{ closeToTray: false }])).toEqual([{ closeToTray: false }]);
  });

  it('knows its own channels and nothing inherited from Object', () => {
    expect(isInvokeChannel('computers:list')).toBe(true);
    expect(isInvokeChannel('__proto__')).toBe(false);
    expect(isInvokeChannel('toString')).toBe(false);
    expect(Object.keys(invokeContract).every((c) => /^[a-z]+:[a-zA-Z]+$/.test(c))).toBe(true);
  });
});
