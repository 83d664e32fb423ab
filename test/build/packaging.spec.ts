import { readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));
const configPath = path.join(root, 'build/electron-builder.config.cjs');

type Config = Record<string, unknown> & {
  appId: string;
  productName: string;
  asar: boolean;
  files: string[];
  directories: { buildResources: string; output: string };
  protocols: { name: string; schemes: string[] }[];
  fileAssociations: unknown[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; category: string; icon: string; executableName: string; desktop?: { entry?: Record<string, string> } };
  mac: { target: { target: string; arch: string[] }[]; category: string; hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string; icon: string };
  win: { target: { target: string; arch: string[] }[]; icon: string };
  nsis: { oneClick: boolean; perMachine: boolean };
};

/** Loads the config fresh, as electron-builder would in a process with the given env. */
function loadConfig(env: Record<string, string | undefined> = {}): Config {
  const saved = { ...process.env };
  try {
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    delete require.cache[require.resolve(configPath)];
    return require(configPath) as Config;
  } finally {
    for (const k of Object.keys(env)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

const releaseConfig = (): Config => loadConfig({ LFR_E2E_BUILD: undefined });
const e2eConfig = (): Config => loadConfig({ LFR_E2E_BUILD: '1' });

/** electron-builder's own schema, compiled the way it compiles it (draft-07, non-strict). */
async function schemaValidator(): Promise<(data: unknown) => string[]> {
  const schema = JSON.parse(await readFile(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as Record<string, unknown>;
  // The schema is generated from TypeScript types: Record<string, …> and hook callbacks come out
  // as the non-standard keyword {"typeof": "function"} (desktop entries, afterPack…). Declared
  // as a no-op keyword so ajv does not reject the schema; the surrounding properties are
  // still checked, and additionalProperties: false catches misspelt keys everywhere.
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addKeyword({ keyword: 'typeof', schemaType: 'string', valid: true });
  const validate = ajv.compile(schema);
  return (data) => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}

afterEach(() => {
  delete require.cache[require.resolve(configPath)];
});

// Compiling electron-builder's schema (~1 MB) takes seconds on a busy machine: once per file.
let validate: (data: unknown) => string[] = () => ['not compiled'];
beforeAll(async () => {
  validate = await schemaValidator();
}, 120_000);

describe('build/electron-builder.config.cjs', () => {
  it("matches electron-builder's JSON schema, release and e2e variants", async () => {
    expect(validate(releaseConfig())).toEqual([]);
    expect(validate(e2eConfig())).toEqual([]);
  });

  it('is accepted by electron-builder 26 itself', { timeout: 60_000 }, async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration: (c: unknown, logger: { isEnabled: boolean; add: () => void }) => Promise<void>;
    };
    await expect(validateConfiguration(releaseConfig(), { isEnabled: false, add: () => {} })).resolves.toBeUndefined();
  });

  it('the schema check is live: a misspelt option is rejected', async () => {
    const broken = { ...releaseConfig(), electronFuses: { ...releaseConfig().electronFuses, runAsNodee: false } };
    expect(validate(broken).join('\n')).toMatch(/electronFuses/);
    expect(validate({ ...releaseConfig(), mac: { ...releaseConfig().mac, hardenedRuntim: true } })).not.toEqual([]);
  });

  it('names the app and ships it in an asar', () => {
    const c = releaseConfig();
    expect(c.appId).toBe('io.github.lfr-launcher');
    expect(c.productName).toBe('Lightsail for Research Launcher');
    expect(c.asar).toBe(true);
    expect(c.directories).toEqual({ buildResources: 'build', output: 'release' });
    expect(c.fileAssociations).toEqual([]);
  });

  it('flips the hardened fuse set in release builds', () => {
    expect(releaseConfig().electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    // Anything but exactly "1" is a release build.
    expect(loadConfig({ LFR_E2E_BUILD: 'true' }).electronFuses.enableNodeCliInspectArguments).toBe(false);
  });

  it('re-enables only the inspect fuse for e2e builds, and keeps them out of release/', () => {
    const release = releaseConfig();
    const e2e = e2eConfig();
    const changed = Object.keys(release.electronFuses).filter((k) => release.electronFuses[k] !== e2e.electronFuses[k]);
    expect(changed).toEqual(['enableNodeCliInspectArguments']);
    expect(e2e.electronFuses.enableNodeCliInspectArguments).toBe(true);
    expect(e2e.directories.output).not.toBe(release.directories.output);
  });

  it('registers the lfr-launcher:// protocol', () => {
    const c = releaseConfig();
    expect(c.protocols).toEqual([{ name: 'Lightsail for Research Launcher', schemes: ['lfr-launcher'] }]);
  });

  it('builds AppImage and deb on Linux, a universal dmg on macOS, an assisted per-user nsis on Windows', () => {
    const c = releaseConfig();
    expect(c.linux.target).toEqual(['AppImage', 'deb']);
    expect(['Development', 'Science']).toContain(c.linux.category);
    expect(c.mac.target).toEqual([{ target: 'dmg', arch: ['universal'] }]);
    expect(c.mac.category).toBe('public.app-category.developer-tools');
    expect(c.mac.hardenedRuntime).toBe(true);
    expect(c.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(c.nsis).toMatchObject({ oneClick: false, perMachine: false });
  });

  it('writes a Linux desktop entry that handles lfr-launcher:// links', async () => {
    // electron-builder's own desktop-entry code, fed our config
    const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper.js') as {
      LinuxTargetHelper: new (packager: unknown) => { computeDesktopEntry: (opts: unknown) => Promise<string> };
    };
    const c = releaseConfig();
    const packager = {
      config: c,
      platformSpecificBuildOptions: c.linux,
      fileAssociations: [],
      executableName: c.linux.executableName,
      appInfo: { productName: c.productName, sanitizedProductName: c.productName, description: 'Launcher', linuxPackageName: 'lfr-launcher' },
      info: { metadata: { desktopName: 'lfr-launcher.desktop' } },
    };
    const entry = await new LinuxTargetHelper(packager).computeDesktopEntry(c.linux);
    expect(entry).toMatch(/^MimeType=x-scheme-handler\/lfr-launcher;$/m);
    // the installed binary receives the link as its argument
    expect(entry).toMatch(/^Exec=.*\/lfr-launcher"? %U$/m);
    expect(entry).toMatch(/^Categories=Development;$/m);
  });

  it('packs only the built app: no tests, sources or source maps', () => {
    const { FileMatcher } = require('app-builder-lib/out/fileMatcher.js') as {
      FileMatcher: new (from: string, to: string, expand: (s: string) => string, patterns: string[]) => { createFilter: () => (file: string, stat: { isDirectory: () => boolean }) => boolean };
    };
    const filter = new FileMatcher('/app', '/out', (s) => s, releaseConfig().files).createFilter();
    const packs = (rel: string): boolean => filter(`/app/${rel}`, { isDirectory: () => false });
    for (const shipped of ['package.json', 'dist/main/index.js', 'dist/preload/index.cjs', 'renderer/dist/index.html', 'renderer/dist/assets/index-abc.js', 'renderer/dist-ssr/first-frame.js', 'build/tray/trayTemplate.png', 'build/tray/trayTemplate@2x.png', 'build/tray/tray-dark.png', 'build/icons/256x256.png']) {
      expect(packs(shipped), shipped).toBe(true);
    }
    for (const kept of ['dist/main/index.js.map', 'test/core/settings.spec.ts', 'electron/main/index.ts', 'renderer/src/App.svelte', 'build/icon.svg', 'build/tray.svg', 'build/icon.icns', 'build/electron-builder.config.cjs', 'build/iam-policy.json', 'scripts/make-icons.ts', 'dist/main/foo.spec.js', 'docs/install.md']) {
      expect(packs(kept), kept).toBe(false);
    }
  });

  it('points at resources that exist: icons, entitlements, packed tray images', async () => {
    const c = releaseConfig();
    const res = (p: string): string => path.join(root, c.directories.buildResources, p);
    expect((await stat(res(c.linux.icon))).isDirectory()).toBe(true);
    await expect(stat(res(`${c.linux.icon}/512x512.png`))).resolves.toBeTruthy();
    await expect(stat(res(c.mac.icon))).resolves.toBeTruthy();
    await expect(stat(res(c.win.icon))).resolves.toBeTruthy();
    // every packed build/ image exists (a glob matching nothing would ship a tray without icon)
    for (const pattern of c.files.filter((f) => f.startsWith('build/'))) {
      const dir = path.join(root, path.dirname(pattern));
      const ext = path.extname(pattern);
      const names = (await readdir(dir)).filter((n) => (pattern.includes('*') ? n.endsWith(ext) : n === path.basename(pattern)));
      expect(names.length, pattern).toBeGreaterThan(0);
    }

    expect(c.mac.entitlements).toBe('build/entitlements.mac.plist');
    expect(c.mac.entitlementsInherit).toBe('build/entitlements.mac.plist');
    const plist = await readFile(path.join(root, c.mac.entitlements), 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
    // minimal: JIT for V8, outgoing network, and capture for the session's microphone and
    // camera (asked per computer); nothing that weakens library validation
    expect(keys.sort()).toEqual(['com.apple.security.cs.allow-jit', 'com.apple.security.device.audio-input', 'com.apple.security.device.camera', 'com.apple.security.network.client']);
  });

  it('says on macOS why a session may use the microphone and camera', () => {
    const info = (releaseConfig().mac as unknown as { extendInfo: Record<string, string> }).extendInfo;
    expect(info.NSMicrophoneUsageDescription).toMatch(/microphone/);
    expect(info.NSCameraUsageDescription).toMatch(/camera/);
  });
});
