import { describe, expect, it } from 'vitest';
import { COMPUTER_START_SHARE, SetupProgress } from '../../electron/core/setup-progress.js';

describe('SetupProgress', () => {
  it('a session setup alone fills the whole bar', () => {
    const p = new SetupProgress();
    expect(p.overall('starting-session', 0)).toBe(0);
    expect(p.overall('setting-up', 50)).toBe(50);
    expect(p.overall('opening', 100)).toBe(100);
  });

  it("a computer's start takes its share, then the session fills the rest, never going back", () => {
    const p = new SetupProgress();
    const seen = [
      p.overall('starting-session', 0),
      p.overall('starting-computer', 0),
      p.overall('starting-computer', 50),
      p.overall('starting-computer', 100),
      p.overall('setting-up', 0),
      p.overall('setting-up', 10),
      p.overall('starting-session', 5),
      p.overall('setting-up', 60),
    ];
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen[2]).toBe(COMPUTER_START_SHARE / 2);
    expect(seen[4]).toBe(COMPUTER_START_SHARE);
    expect(seen[5]).toBe(COMPUTER_START_SHARE + 6);
    expect(seen[7]).toBe(COMPUTER_START_SHARE + 36);
  });

  it('ignores a percentage that is not a number', () => {
    expect(new SetupProgress().overall('setting-up', Number.NaN)).toBe(0);
  });
});
