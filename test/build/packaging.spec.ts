import { readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AUTOSTART_FILE_NAME } from '../../electron/core/autostart.js';
import { APP_ID, DESKTOP_FILE_NAME } from '../../electron/shared/app-id.js';

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
  linux: {
    target: string[];
    category: string;
    icon: string;
    executableName: string;
    syncDesktopName?: boolean;
    executableArgs?: string[];
    desktop?: { entry?: Record<string, string> };
  };
  deb: { appArmorProfile?: string; afterInstall?: string; afterRemove?: string };
  mac: {
    target: { target: string; arch: string[] }[];
    category: string;
    hardenedRuntime: boolean;
    identity?: string | null;
    notarize?: boolean;
    entitlements: string;
    entitlementsInherit: string;
    icon: string;
  };
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

// Signing variables of the machine running the tests must not leak into what is checked.
const SIGNING_VARS = [
  'CSC_LINK',
  'CSC_NAME',
  'APPLE_ID',
  'APPLE_APP_SPECIFIC_PASSWORD',
  'APPLE_TEAM_ID',
  'APPLE_API_KEY',
  'APPLE_API_KEY_ID',
  'APPLE_API_ISSUER',
  'APPLE_KEYCHAIN',
  'APPLE_KEYCHAIN_PROFILE',
];
const unsigned = Object.fromEntries(SIGNING_VARS.map((k) => [k, undefined]));
const releaseConfig = (): Config => loadConfig({ ...unsigned, LFR_E2E_BUILD: undefined });
const signedConfig = (extra: Record<string, string> = {}): Config =>
  loadConfig({ ...unsigned, LFR_E2E_BUILD: undefined, CSC_LINK: '/secrets/developer-id.p12', ...extra });
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
  productName: string;
  desktopName: string;
  homepage?: string;
  author?: { email?: string };
};
const signing = require(path.join(root, 'build/signing.cjs')) as {
  macSigning: (env: Record<string, string | undefined>) => { kind: string; mac: Record<string, unknown> };
};
const e2eConfig = (): Config => loadConfig({ ...unsigned, LFR_E2E_BUILD: '1' });

/** electron-builder's own schema, compiled the way it compiles it (draft-07, non-strict). */
async function schemaValidator(): Promise<(data: unknown) => string[]> {
  const schema = JSON.parse(await readFile(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  // The schema is generated from TypeScript types: Record<string, …> and hook callbacks come out
  // as the non-standard keyword {"typeof": "function"} (desktop entries, afterPack…). Declared
  // as a no-op keyword so ajv does not reject the schema; the surrounding properties are
  // still checked, and additionalProperties: false catches misspelt keys everywhere.
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addKeyword({ keyword: 'typeof', schemaType: 'string', valid: true });
  const validate = ajv.compile(schema);
  return (data) =>
    validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
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
    expect(
      validate(signedConfig({ APPLE_API_KEY: '/k.p8', APPLE_API_KEY_ID: 'K', APPLE_API_ISSUER: 'I' })),
    ).toEqual([]);
  });

  it('is accepted by electron-builder 26 itself', { timeout: 60_000 }, async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration: (c: unknown, logger: { isEnabled: boolean; add: () => void }) => Promise<void>;
    };
    await expect(
      validateConfiguration(releaseConfig(), { isEnabled: false, add: () => {} }),
    ).resolves.toBeUndefined();
  });

  it('the schema check is live: a misspelt option is rejected', async () => {
    const broken = {
      ...releaseConfig(),
      electronFuses: { ...releaseConfig().electronFuses, runAsNodee: false },
    };
    expect(validate(broken).join('\n')).toMatch(/electronFuses/);
    expect(
      validate({ ...releaseConfig(), mac: { ...releaseConfig().mac, hardenedRuntim: true } }),
    ).not.toEqual([]);
  });

  it('names the app and ships it in an asar', () => {
    const c = releaseConfig();
    expect(c.appId).toBe(APP_ID);
    expect(APP_ID).toMatch(/^[a-z][a-z0-9]*(\.[a-z0-9][a-z0-9-]*){2,}$/);
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
      resetAdHocDarwinSignature: true,
    });
    // Anything but exactly "1" is a release build.
    expect(loadConfig({ LFR_E2E_BUILD: 'true' }).electronFuses.enableNodeCliInspectArguments).toBe(false);
  });

  it('re-enables only the inspect fuse for e2e builds, and keeps them out of release/', () => {
    const release = releaseConfig();
    const e2e = e2eConfig();
    const changed = Object.keys(release.electronFuses).filter(
      (k) => release.electronFuses[k] !== e2e.electronFuses[k],
    );
    expect(changed).toEqual(['enableNodeCliInspectArguments']);
    expect(e2e.electronFuses.enableNodeCliInspectArguments).toBe(true);
    expect(e2e.directories.output).not.toBe(release.directories.output);
  });

  it('registers the lfr-launcher:// protocol', () => {
    const c = releaseConfig();
    expect(c.protocols).toEqual([{ name: 'Lightsail for Research Launcher', schemes: ['lfr-launcher'] }]);
  });

  it('builds the deb first (then an AppImage) on Linux, a universal dmg on macOS, an assisted per-user nsis on Windows', () => {
    const c = releaseConfig();
    expect(c.linux.target).toEqual(['deb', 'AppImage']);
    expect(['Development', 'Science']).toContain(c.linux.category);
    expect(c.mac.target).toEqual([{ target: 'dmg', arch: ['universal'] }]);
    expect(c.mac.category).toBe('public.app-category.developer-tools');
    expect(c.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(c.nsis).toMatchObject({ oneClick: false, perMachine: false });
  });

  it('writes a Linux desktop entry that handles lfr-launcher:// links', async () => {
    // electron-builder's own desktop-entry code, fed our config
    const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper.js') as {
      LinuxTargetHelper: new (packager: never) => { computeDesktopEntry: (opts: unknown) => Promise<string> };
    };
    const c = releaseConfig();
    const packager = {
      config: c,
      platformSpecificBuildOptions: c.linux,
      fileAssociations: [],
      executableName: c.linux.executableName,
      appInfo: {
        productName: c.productName,
        sanitizedProductName: c.productName,
        description: 'Launcher',
        linuxPackageName: 'lfr-launcher',
      },
      info: { metadata: { desktopName: pkg.desktopName } },
    };
    const entry = await new LinuxTargetHelper(packager as never).computeDesktopEntry(c.linux);
    expect(entry).toMatch(/^MimeType=x-scheme-handler\/lfr-launcher;$/m);
    // the installed binary receives the link as its argument
    expect(entry).toMatch(/^Exec=.*\/lfr-launcher"? %U$/m);
    expect(entry).toMatch(/^Categories=Development;$/m);
  });

  it('packs only the built app: no tests, sources or source maps', () => {
    const { FileMatcher } = require('app-builder-lib/out/fileMatcher.js') as {
      FileMatcher: new (
        from: string,
        to: string,
        expand: (s: string) => string,
        patterns: string[],
      ) => { createFilter: () => (file: string, stat: { isDirectory: () => boolean }) => boolean };
    };
    const filter = new FileMatcher('/app', '/out', (s) => s, releaseConfig().files).createFilter();
    const packs = (rel: string): boolean => filter(`/app/${rel}`, { isDirectory: () => false });
    for (const shipped of [
      'package.json',
      'dist/main/index.js',
      'dist/preload/index.cjs',
      'renderer/dist/index.html',
      'renderer/dist/assets/index-abc.js',
      'renderer/dist-ssr/first-frame.js',
      'build/tray/trayTemplate.png',
      'build/tray/trayTemplate@2x.png',
      'build/tray/tray-dark.png',
      'build/icons/256x256.png',
    ]) {
      expect(packs(shipped), shipped).toBe(true);
    }
    for (const kept of [
      'dist/main/index.js.map',
      'test/core/settings.spec.ts',
      'electron/main/index.ts',
      'renderer/src/App.svelte',
      'build/icon.svg',
      'build/tray.svg',
      'build/icon.icns',
      'build/electron-builder.config.cjs',
      'build/iam-policy.json',
      'scripts/make-icons.ts',
      'dist/main/foo.spec.js',
      'docs/install.md',
    ]) {
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
      const names = (await readdir(dir)).filter((n) =>
        pattern.includes('*') ? n.endsWith(ext) : n === path.basename(pattern),
      );
      expect(names.length, pattern).toBeGreaterThan(0);
    }

    expect(c.mac.entitlements).toBe('build/entitlements.mac.plist');
    expect(c.mac.entitlementsInherit).toBe('build/entitlements.mac.plist');
    const plist = await readFile(path.join(root, c.mac.entitlements), 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
    // minimal: JIT for V8, outgoing network, and capture for the session's microphone and
    // camera (asked per computer); nothing that weakens library validation
    expect(keys.sort()).toEqual([
      'com.apple.security.cs.allow-jit',
      'com.apple.security.device.audio-input',
      'com.apple.security.device.camera',
      'com.apple.security.network.client',
    ]);
  });

  it('says on macOS why a session may use the microphone and camera', () => {
    const info = (releaseConfig().mac as unknown as { extendInfo: Record<string, string> }).extendInfo;
    expect(info.NSMicrophoneUsageDescription).toMatch(/microphone/);
    expect(info.NSCameraUsageDescription).toMatch(/camera/);
  });
});

/** electron-builder's own LinuxTargetHelper, fed our config and package.json. */
function linuxHelper(c: Config) {
  const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper.js') as {
    LinuxTargetHelper: new (packager: never) => {
      computeDesktopEntry: (opts: unknown) => Promise<string>;
      getDesktopFileName: () => string;
    };
  };
  return new LinuxTargetHelper({
    config: c,
    platformSpecificBuildOptions: c.linux,
    fileAssociations: [],
    executableName: c.linux.executableName,
    appInfo: {
      productName: c.productName,
      sanitizedProductName: c.productName,
      description: 'Launcher',
      linuxPackageName: 'lfr-launcher',
    },
    info: { metadata: { desktopName: pkg.desktopName } },
  } as never);
}

/** Fills electron-builder's ${name} template values, as its FpmTarget does. */
const fill = (text: string, values: Record<string, string>): string =>
  text.replace(/\$\{(\w+)\}/g, (m, k: string) => values[k] ?? m);

describe('one application id everywhere', () => {
  it('package.json desktopName, appId, the .desktop file, StartupWMClass and the autostart entry agree', async () => {
    const c = releaseConfig();
    expect(pkg.desktopName).toBe(DESKTOP_FILE_NAME);
    expect(c.appId).toBe(APP_ID);
    expect(AUTOSTART_FILE_NAME).toBe(pkg.desktopName);
    // syncDesktopName makes electron-builder name the installed file after desktopName
    expect(c.linux.syncDesktopName).toBe(true);
    const helper = linuxHelper(c);
    expect(`${helper.getDesktopFileName()}.desktop`).toBe(pkg.desktopName);
    const entry = await helper.computeDesktopEntry(c.linux);
    // Electron sets the Wayland app id / WM_CLASS from desktopName; the entry must claim it
    expect(entry).toMatch(new RegExp(`^StartupWMClass=${APP_ID.replaceAll('.', '\\.')}$`, 'm'));
    expect(entry).toMatch(/^MimeType=x-scheme-handler\/lfr-launcher;$/m);
  });

  it('gives the deb what fpm requires (homepage, maintainer)', () => {
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.author?.email).toMatch(/@/);
  });
});

describe('Linux sandbox', () => {
  it('ships an AppArmor profile granting userns to the installed binary (Ubuntu 24.04+)', async () => {
    const c = releaseConfig();
    expect(c.deb.appArmorProfile).toBe('build/linux/apparmor-profile');
    const profile = fill(await readFile(path.join(root, c.deb.appArmorProfile!), 'utf8'), {
      executable: c.linux.executableName,
      sanitizedProductName: c.productName,
    });
    expect(profile).toMatch(/^abi <abi\/4\.0>,$/m);
    expect(profile).toMatch(
      /^profile "lfr-launcher" "\/opt\/Lightsail for Research Launcher\/lfr-launcher" flags=\(unconfined\) \{$/m,
    );
    expect(profile).toMatch(/^\s+userns,$/m);
    expect(profile).not.toMatch(/\$\{/);
  });

  it("installs it with electron-builder's after-install script: copied to /etc/apparmor.d, loaded with apparmor_parser", async () => {
    const c = releaseConfig();
    // our own scripts would replace the ones that install the profile
    expect(c.deb.afterInstall).toBeUndefined();
    expect(c.deb.afterRemove).toBeUndefined();
    const templates = path.join(
      path.dirname(require.resolve('app-builder-lib/package.json')),
      'templates',
      'linux',
    );
    const install = await readFile(path.join(templates, 'after-install.tpl'), 'utf8');
    expect(install).toContain(
      "APPARMOR_PROFILE_SOURCE='/opt/${sanitizedProductName}/resources/apparmor-profile'",
    );
    expect(install).toContain("APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'");
    expect(install).toMatch(/apparmor_parser --replace .*"\$APPARMOR_PROFILE_TARGET"/);
    // and electron-builder copies the configured profile to exactly that source
    const fpm = await readFile(require.resolve('app-builder-lib/out/targets/FpmTarget.js'), 'utf8');
    expect(fpm).toContain('this.options.appArmorProfile');
    expect(fpm).toContain('path.join(resourceDir, "apparmor-profile")');
  });

  it('never turns the sandbox off', async () => {
    const c = releaseConfig();
    expect(c.linux.executableArgs ?? []).not.toContain('--no-sandbox');
    const sources = async (dir: string): Promise<string[]> => {
      const out: string[] = [];
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) out.push(...(await sources(full)));
        else if (/\.(ts|cjs|mjs)$/.test(e.name)) out.push(full);
      }
      return out;
    };
    for (const file of [
      ...(await sources(path.join(root, 'electron'))),
      ...(await sources(path.join(root, 'scripts'))),
      configPath,
    ]) {
      const text = await readFile(file, 'utf8');
      expect(text, file).not.toMatch(/['"`](--)?no-sandbox['"`]/);
      expect(text, file).not.toMatch(/app\.enableSandbox\(\)\s*===\s*false|disable-setuid-sandbox/);
    }
  });
});

describe('macOS signing', () => {
  it('signs unsigned builds ad hoc, without the hardened runtime that would then refuse Electron', () => {
    const c = releaseConfig();
    expect(c.mac).toMatchObject({ identity: '-', hardenedRuntime: false, notarize: false });
    expect(c.electronFuses.resetAdHocDarwinSignature).toBe(true);
  });

  it('uses the release identity and the hardened runtime when CSC_LINK or CSC_NAME is set', () => {
    for (const env of [{}, { CSC_NAME: 'Developer ID Application: Lab (TEAM123)' }] as Record<
      string,
      string
    >[]) {
      const c = signedConfig(env);
      expect(c.mac.identity).toBeUndefined();
      expect(c.mac).toMatchObject({ hardenedRuntime: true, notarize: false });
    }
    expect(signing.macSigning({ CSC_NAME: 'Developer ID Application: Lab' }).kind).toBe('signed');
    // blank values count as absent
    expect(signing.macSigning({ CSC_LINK: '  ' }).kind).toBe('ad-hoc');
  });

  it('notarises only with a complete set of Apple credentials, and only a signed build', () => {
    expect(
      signedConfig({ APPLE_API_KEY: '/k.p8', APPLE_API_KEY_ID: 'K', APPLE_API_ISSUER: 'I' }).mac.notarize,
    ).toBe(true);
    expect(
      signedConfig({ APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 'T' }).mac.notarize,
    ).toBe(true);
    expect(signedConfig({ APPLE_KEYCHAIN: 'k', APPLE_KEYCHAIN_PROFILE: 'p' }).mac.notarize).toBe(true);
    expect(signedConfig({ APPLE_ID: 'a@b.c', APPLE_TEAM_ID: 'T' }).mac.notarize).toBe(false);
    expect(
      signing.macSigning({ APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 'T' }).kind,
    ).toBe('ad-hoc');
  });
});
