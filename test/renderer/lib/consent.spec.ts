import { describe, expect, it } from 'vitest';
import { isStoppedRefusal, needsStartConsent, startQuestion } from '../../../renderer/src/lib/consent.js';

describe('needsStartConsent', () => {
  it('asks before starting a stopped computer unless the user chose to start without asking', () => {
    expect(needsStartConsent({ state: 'stopped' }, { autoStartComputers: false })).toBe(true);
    expect(needsStartConsent({ state: 'stopped' }, { autoStartComputers: true })).toBe(false);
  });

  it('asks while the settings are not known yet (starting unasked is the worse mistake)', () => {
    expect(needsStartConsent({ state: 'stopped' }, undefined)).toBe(true);
  });

  it('never asks for a computer that is not stopped, or one not in the list', () => {
    for (const state of ['running', 'pending', 'stopping', 'unknown'] as const) {
      expect(needsStartConsent({ state }, { autoStartComputers: false })).toBe(false);
    }
    expect(needsStartConsent(undefined, { autoStartComputers: false })).toBe(false);
  });
});

describe('isStoppedRefusal', () => {
  it("recognises the core's ComputerStopped answer and nothing else", () => {
    expect(isStoppedRefusal({ kind: 'computer-stopped' })).toBe(true);
    expect(isStoppedRefusal({ kind: 'invalid-input' })).toBe(false);
    expect(isStoppedRefusal(undefined)).toBe(false);
  });
});

describe('startQuestion', () => {
  it('names the computer and what will open', () => {
    expect(startQuestion('gpu-training', 'app')).toBe('gpu-training is stopped. Start it and open the application?');
    expect(startQuestion('gpu-training', 'desktop')).toBe('gpu-training is stopped. Start it and open the desktop?');
  });
});
