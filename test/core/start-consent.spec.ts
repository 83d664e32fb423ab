import { describe, expect, it } from 'vitest';
// The one "stopped, so ask" decision (core/sessions.ts) and the question's words (shared/vocabulary.ts).
import { isStoppedRefusal, needsStartConsent } from '../../electron/core/sessions.js';
import { startQuestion } from '../../electron/shared/vocabulary.js';

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
    expect(startQuestion('gpu-training', 'app')).toBe(
      'gpu-training is stopped. Start it and open the application?',
    );
    expect(startQuestion('gpu-training', 'desktop')).toBe(
      'gpu-training is stopped. Start it and open the desktop?',
    );
  });
});

describe('needsStartConsent, by source and consent', () => {
  it('never counts "start without asking" for a link, and the user\'s word for this open always counts', () => {
    const stopped = { state: 'stopped' as const };
    expect(needsStartConsent(stopped, { autoStartComputers: true }, { source: 'link' })).toBe(true);
    expect(needsStartConsent(stopped, { autoStartComputers: true }, { source: 'tray' })).toBe(false);
    expect(
      needsStartConsent(stopped, { autoStartComputers: false }, { source: 'link', startComputer: true }),
    ).toBe(false);
  });

  it('asks the same question when the engine found the computer stopped though the list said running', () => {
    expect(
      needsStartConsent(
        { state: 'running' },
        { autoStartComputers: false },
        { refusal: { kind: 'computer-stopped' } },
      ),
    ).toBe(true);
    expect(
      needsStartConsent(
        { state: 'running' },
        { autoStartComputers: false },
        { refusal: { kind: 'service' } },
      ),
    ).toBe(false);
  });
});
