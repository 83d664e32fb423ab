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
    const config = createRequire(import.meta.url)('../../build/electron-builder.config.cjs') as {
      appId: string;
    };
    expect(APP_ID).toBe(config.appId);
  });

  it('on Windows sets the AppUserModelID the installer’s shortcuts carry (notifications, taskbar grouping)', () => {
    const f = fakeApp();
    applyAppIdentity(f.app, 'win32');
    expect(f.seen).toEqual({ modelId: APP_ID, switches: [] });
  });

  it('sets no Chromium switch on Linux or macOS: Electron 45 uses the GlobalShortcuts portal by itself', () => {
    for (const platform of ['linux', 'darwin']) {
      const f = fakeApp();
      applyAppIdentity(f.app, platform);
      expect(f.seen).toEqual({ modelId: undefined, switches: [] });
    }
  });
});
