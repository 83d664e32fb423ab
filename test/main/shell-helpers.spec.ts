// Small shell adapters: tray template mapping, deep-link handling, progress, settings side
// effects.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildTrayMenu, type TrayAction } from '../../electron/core/tray-menu.js';
import { outcomeResult, type OpenOutcome } from '../../electron/core/sessions.js';
import { handleDeepLink, handleSecondInstance, wantsDemo } from '../../electron/main/deep-links.js';
import { createOpenReporter } from '../../electron/main/open-reporter.js';
import { aggregateProgress } from '../../electron/main/progress.js';
import { applySettingsEffects, followSettings, openSettings } from '../../electron/main/settings-store.js';
import { toMenuTemplate, trayIconPath } from '../../electron/main/tray.js';
import { DEFAULT_SETTINGS } from '../../electron/shared/settings.js';

describe('tray template', () => {
  it('maps the model to Electron items whose clicks carry the model’s actions', () => {
    const c = {
      id: 'p/us-east-2/c1',
      name: 'c1',
      profile: 'p',
      region: 'us-east-2',
      state: 'running' as const,
      app: { id: 'a', name: 'A' },
      plan: { id: 'b' },
    };
    const model = buildTrayMenu({
      list: { computers: [c], errors: [], refreshedAt: '', stale: false, refreshing: false },
      windows: [],
      progress: [],
      demo: false,
    });
    const got: TrayAction[] = [];
    const t = toMenuTemplate(model, (a) => got.push(a));
    const sub = t.find((i) => i.submenu)!.submenu as MenuItemConstructorOptions[];
    (sub[1]!.click as () => void)();
    (t.at(-1)!.click as () => void)();
    expect(got).toEqual([{ type: 'open', computerId: c.id, kind: 'desktop' }, { type: 'quit' }]);
    expect(t[0]).toEqual({ label: 'p · us-east-2', enabled: false });
  });

  it('picks the template icon on macOS and the contrasting glyph elsewhere', () => {
    expect(trayIconPath('/b', 'darwin', true)).toBe('/b/tray/trayTemplate.png');
    expect(trayIconPath('/b', 'linux', true)).toBe('/b/tray/tray-dark.png');
    expect(trayIconPath('/b', 'win32', false)).toBe('/b/tray/tray-light.png');
  });
});

describe('deep link handling', () => {
  // A failure is told once its burst is over: timers are the test's.
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());
  // Wired as main wires it: the link asks the core (here its outcome, mocked), the core reports
  // a failed open once through main's reporter, and a refused link goes to the same reporter.
  const deps = (o: { now?: () => number } = {}) => {
    const outcome = vi.fn(async (..._a: unknown[]): Promise<OpenOutcome> => ({ outcome: 'opened' }));
    const showLauncher = vi.fn();
    const notify = vi.fn((title: string, body: string) => void [title, body]);
    const reporter = createOpenReporter({
      notify: (n) => notify(n.title, n.body),
      showError: vi.fn(),
      showLauncher,
      ...(o.now ? { now: o.now } : {}),
    });
    const open = vi.fn(async (id: string, kind: 'app' | 'desktop', ...rest: unknown[]) => {
      const out = await outcome(id, kind, ...rest);
      if (out.outcome === 'failed') reporter.report('link', out.reason, { computerId: id, kind, name: 'c1' });
      return outcomeResult(out);
    });
    return {
      open,
      outcome,
      showLauncher,
      notify,
      refused: reporter.linkRefused,
      log: { info: vi.fn(), warn: vi.fn() },
    };
  };

  it('opens the session a valid link names', async () => {
    const d = deps();
    await handleSecondInstance(['/app', 'lfr-launcher://open/p/us-east-2/c1?kind=desktop'], d);
    expect(d.open).toHaveBeenCalledWith('p/us-east-2/c1', 'desktop');
    expect(d.showLauncher).not.toHaveBeenCalled();
  });

  it('refuses a bad link, tells the user and shows the launcher; a plain second launch shows it too', async () => {
    const d = deps();
    expect(await handleDeepLink('lfr-launcher://open/p/us-east-2/c1?kind=shell', d)).toBe(false);
    expect(d.open).not.toHaveBeenCalled();
    await vi.runAllTimersAsync();
    expect(d.notify).toHaveBeenCalled();
    await handleSecondInstance(['/app'], d);
    expect(d.showLauncher).toHaveBeenCalledTimes(2);
  });

  it('reports a session that could not open', async () => {
    const d = deps();
    d.outcome.mockResolvedValueOnce({
      outcome: 'failed',
      reason: {
        name: 'NotFoundException',
        kind: 'not-found',
        message: 'Not found.',
        nextStep: 'Refresh.',
        retryable: false,
      },
    });
    expect(await handleDeepLink('lfr-launcher://open/p/us-east-2/c1', d)).toBe(false);
    await vi.runAllTimersAsync();
    expect(d.notify).toHaveBeenCalledWith(expect.any(String), 'Not found. Refresh.');
  });

  it('reports the same failing link once, not once per click, and says it again later', async () => {
    let now = 0;
    const d = deps({ now: () => now });
    d.outcome.mockResolvedValue({
      outcome: 'failed',
      reason: {
        name: 'ComputerNotListed',
        kind: 'not-found',
        message: 'x is not listed.',
        nextStep: 'Refresh.',
        retryable: false,
      },
    });
    for (let i = 0; i < 3; i++) await handleDeepLink('lfr-launcher://open/p/us-east-2/c1', d);
    await vi.runAllTimersAsync();
    expect(d.notify).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 3; i++) await handleDeepLink('lfr-launcher://open/p/us-east-2/c1', d);
    await vi.runAllTimersAsync();
    expect(d.notify).toHaveBeenCalledTimes(1);
    now = 60_000;
    await handleDeepLink('lfr-launcher://open/p/us-east-2/c1', d);
    await vi.runAllTimersAsync();
    expect(d.notify).toHaveBeenCalledTimes(2);
  });

  it('a burst of 20 distinct failing links gives one notification saying how many', async () => {
    {
      const d = deps();
      d.outcome.mockResolvedValue({
        outcome: 'failed',
        reason: {
          name: 'ComputerNotListed',
          kind: 'not-found',
          message: 'not listed.',
          nextStep: 'Refresh.',
          retryable: false,
        },
      });
      for (let i = 0; i < 20; i++)
        await handleDeepLink(
          i % 2
            ? `lfr-launcher://open/p/us-east-2/c${i}`
            : `lfr-launcher://open/p/us-east-2/c${i}?kind=shell`,
          d,
        );
      await vi.advanceTimersByTimeAsync(60_000);
      expect(d.notify).toHaveBeenCalledTimes(1);
      expect(d.notify.mock.calls[0]![0]).toMatch(/20 links were not opened/);
    }
  });

  it('does not report a stopped computer as a failure: the launcher asks on its row', async () => {
    const d = deps();
    d.outcome.mockResolvedValueOnce({
      outcome: 'needs-consent',
      reason: {
        name: 'ComputerStopped',
        kind: 'computer-stopped',
        message: 'c1 is stopped.',
        nextStep: 'Start it.',
        retryable: false,
      },
    });
    await handleDeepLink('lfr-launcher://open/p/us-east-2/c1?kind=app&open=browser', d);
    expect(d.open).toHaveBeenCalledWith('p/us-east-2/c1', 'app', 'browser');
    expect(d.notify).not.toHaveBeenCalled();
    expect(d.showLauncher).toHaveBeenCalled();
  });

  it('recognises demo mode from the command line or LFR_DEMO', () => {
    expect(wantsDemo(['/app', '--demo'])).toBe(true);
    expect(wantsDemo(['/app'], { LFR_DEMO: '1' })).toBe(true);
    expect(wantsDemo(['/app', '--demonstrate'])).toBe(false);
  });
});

describe('aggregateProgress', () => {
  it('averages the setups in flight and clears when none is', () => {
    const p = (phase: 'setting-up' | 'ready' | 'starting-computer', percentage: number) => ({
      computerId: 'p/us-east-2/c',
      phase,
      percentage,
      startedAt: 0,
    });
    expect(aggregateProgress([])).toEqual({ fraction: -1, active: 0 });
    expect(aggregateProgress([p('ready', 100)])).toEqual({ fraction: -1, active: 0 });
    expect(aggregateProgress([p('setting-up', 40), p('starting-computer', 80), p('ready', 100)])).toEqual({
      fraction: 0.6,
      active: 2,
    });
    expect(aggregateProgress([p('starting-computer', 0)]).fraction).toBeGreaterThan(0);
  });
});

describe('settings effects', () => {
  it('applies login item and shortcut only when they change', () => {
    const fx = { setStartAtLogin: vi.fn(), setGlobalShortcut: vi.fn(() => true) };
    applySettingsEffects(DEFAULT_SETTINGS, undefined, fx);
    applySettingsEffects({ ...DEFAULT_SETTINGS, closeToTray: false }, DEFAULT_SETTINGS, fx);
    applySettingsEffects(
      { ...DEFAULT_SETTINGS, globalShortcut: 'CmdOrCtrl+Alt+Shift+S' },
      DEFAULT_SETTINGS,
      fx,
    );
    expect(fx.setStartAtLogin.mock.calls).toEqual([[false]]);
    expect(fx.setGlobalShortcut.mock.calls).toEqual([[''], ['CmdOrCtrl+Alt+Shift+S']]);
  });

  it('keeps the OS in step when settings are updated through the store', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lfr-fx-'));
    try {
      const fx = { setStartAtLogin: vi.fn(), setGlobalShortcut: vi.fn(() => true) };
      const store = openSettings(dir, { warn: () => undefined });
      followSettings(store, fx);
      store.update({ startAtLogin: true });
      expect(fx.setStartAtLogin.mock.calls).toEqual([[false], [true]]);
      expect(store.notice).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses defaults in memory, with a notice naming the file, when settings.json is a directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lfr-fx-'));
    try {
      mkdirSync(join(dir, 'settings.json'));
      const store = openSettings(dir, { warn: () => undefined });
      expect(store.get()).toEqual(DEFAULT_SETTINGS);
      expect(store.notice).toContain(join(dir, 'settings.json'));
      const seen: boolean[] = [];
      store.onChange((s) => seen.push(s.closeToTray));
      expect(store.update({ closeToTray: false }).closeToTray).toBe(false);
      expect([store.get().closeToTray, seen]).toEqual([false, [false]]);
      expect(() => store.update({ closeToTray: 'no' } as never)).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('list cache', () => {
  const c = {
    id: 'p/us-east-2/c1',
    name: 'c1',
    profile: 'p',
    region: 'us-east-2',
    state: 'running' as const,
    app: { id: 'a', name: 'A' },
    plan: { id: 'b' },
  };

  it('keeps the last list for the next start, without errors, and nothing once the demo runs', async () => {
    const { createListCache } = await import('../../electron/main/list-cache.js');
    const dir = mkdtempSync(join(tmpdir(), 'lfr-cache-'));
    try {
      const err = {
        profile: 'p',
        error: {
          name: 'AccessDeniedException',
          kind: 'access-denied' as const,
          message: 'm',
          nextStep: 'n',
          retryable: false,
        },
      };
      createListCache(dir).save({
        computers: [c],
        errors: [err],
        refreshedAt: 't',
        stale: false,
        refreshing: true,
      });
      expect(createListCache(dir).load()).toEqual({
        computers: [c],
        errors: [],
        refreshedAt: 't',
        stale: true,
        refreshing: false,
      });
      const switched = createListCache(dir);
      switched.disable();
      switched.save({ computers: [], errors: [], refreshedAt: 'demo', stale: false, refreshing: false });
      expect(switched.load()).toBeUndefined();
      expect(createListCache(dir, false).load()).toBeUndefined();
      expect(createListCache(dir).load()?.refreshedAt).toBe('t');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('drops a null computer, one with missing fields or a malformed id, and keeps the good ones', async () => {
    const { createListCache } = await import('../../electron/main/list-cache.js');
    const dir = mkdtempSync(join(tmpdir(), 'lfr-cache-'));
    try {
      const bad = [
        null,
        7,
        { ...c, state: undefined },
        { ...c, id: 'no-slashes' },
        { ...c, app: null },
        'c1',
      ];
      writeFileSync(
        join(dir, 'computer-list.json'),
        JSON.stringify({ list: { computers: [c, ...bad], errors: [], refreshedAt: 't' } }),
      );
      expect(createListCache(dir).load()?.computers).toEqual([c]);
      writeFileSync(join(dir, 'computer-list.json'), JSON.stringify({ list: { computers: null } }));
      expect(createListCache(dir).load()).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
