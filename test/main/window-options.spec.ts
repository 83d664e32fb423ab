import { describe, expect, it } from 'vitest';
import {
  assertSecureWebPreferences,
  launcherWindowOptions,
  sessionPartition,
  sessionWindowOptions,
  webPreferencesViolations,
} from '../../electron/main/windows/window-options.js';

const bounds = { x: 10, y: 20, width: 1200, height: 800 };

describe('session window options', () => {
  const opts = sessionWindowOptions({
    title: 'c — s (Desktop)',
    bounds,
    partition: sessionPartition('p/us-east-2/c1'),
  });

  it('are sandboxed, isolated, node-free, webview-free and have no preload', () => {
    expect(opts.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
    expect(opts.webPreferences?.preload).toBeUndefined();
    expect(webPreferencesViolations(opts.webPreferences)).toEqual([]);
    expect(() => assertSecureWebPreferences(opts)).not.toThrow();
  });

  it('use an in-memory partition per computer', () => {
    const p = opts.webPreferences!.partition!;
    expect(p).toMatch(/^lfr-session-[0-9a-f]+$/);
    expect(p.startsWith('persist:')).toBe(false);
    expect(sessionPartition('p/us-east-2/c1')).toBe(p);
    expect(sessionPartition('p/us-east-2/c2')).not.toBe(p);
    // The id itself (profile names) does not leak into the partition name.
    expect(p).not.toContain('c1');
  });

  it('carry the title and remembered bounds', () => {
    expect(opts).toMatchObject({ title: 'c — s (Desktop)', ...bounds, show: false });
  });
});

describe('launcher window options', () => {
  it('allow only our own preload, with the same hardening', () => {
    const o = launcherWindowOptions({ preload: '/app/dist/preload/index.cjs' });
    expect(o.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      preload: '/app/dist/preload/index.cjs',
    });
    expect(() => assertSecureWebPreferences(o, '/app/dist/preload/index.cjs')).not.toThrow();
    expect(() => assertSecureWebPreferences(o)).toThrow(/unexpected preload/);
  });

  it('open wide enough for every column of a row, and no smaller than the minimum', () => {
    const o = launcherWindowOptions({ preload: '/p.cjs' });
    // renderer/src/styles/app.css: below 1200 px the region and session columns move under the name.
    expect(o.width).toBeGreaterThanOrEqual(1200);
    expect(o.height).toBeLessThanOrEqual(740);
    expect({ w: o.minWidth, h: o.minHeight }).toEqual({ w: 640, h: 480 });
  });
});

describe('assertSecureWebPreferences', () => {
  it.each([
    [{ sandbox: false }, 'sandbox'],
    [{ contextIsolation: false }, 'contextIsolation'],
    [{ nodeIntegration: true }, 'nodeIntegration'],
    [{ nodeIntegrationInSubFrames: true }, 'nodeIntegrationInSubFrames'],
    [{ webSecurity: false }, 'webSecurity'],
    [{ webviewTag: true }, 'webviewTag'],
    [{ allowRunningInsecureContent: true }, 'allowRunningInsecureContent'],
    [{ preload: '/tmp/evil.js' }, 'preload'],
    [{ partition: 'persist:lfr-session-x' }, 'in memory'],
  ])('refuses a session window weakened by %o', (change, message) => {
    const o = sessionWindowOptions({ title: 't', bounds, partition: 'lfr-session-x' });
    const weakened = { ...o, webPreferences: { ...o.webPreferences, ...change } };
    expect(() => assertSecureWebPreferences(weakened)).toThrow(new RegExp(message));
  });
});
