import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { applyAppIdentity } from '../../electron/main/app-identity.js';
import { APP_ID } from '../../electron/shared/app-id.js';

const fakeApp = () => {
  const seen = { modelId: undefined as string | undefined, switches: [] as string[][] };
  return {
    seen,
    app: {
      setAppUserModelId: (id: string) => void (seen.modelId = id),
      commandLine: { appendSwitch: (s: string, v?: string) => void seen.switches.push([s, v ?? '']) },
    },
  };
};

describe('app identity', () => {
  it('is the installer’s appId', () => {
    const config = createRequire(import.meta.url)('../../build/electron-builder.config.cjs') as { appId: string };
    expect(APP_ID).toBe(config.appId);
  });

  it('on Windows sets the AppUserModelID the installer’s shortcuts carry (notifications, taskbar grouping)', () => {
    const f = fakeApp();
    applyAppIdentity(f.app, 'win32');
    expect(f.seen).toEqual({ modelId: APP_ID, switches: [] });
  });

  it('on Linux asks Chromium for the GlobalShortcuts portal (the global shortcut on Wayland), and nothing on macOS', () => {
    const linux = fakeApp();
    applyAppIdentity(linux.app, 'linux');
    expect(linux.seen).toEqual({ modelId: undefined, switches: [['enable-features', 'GlobalShortcutsPortal']] });
    const mac = fakeApp();
    applyAppIdentity(mac.app, 'darwin');
    expect(mac.seen).toEqual({ modelId: undefined, switches: [] });
  });
});
