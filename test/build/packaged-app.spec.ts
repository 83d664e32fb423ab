// The app users install, not a twin of it: electron-builder packs the project's build for Linux
// (`--dir`, every step a release runs, fuses included) around a stand-in Electron distribution,
// since Electron's binary cannot be downloaded here. Then main, as the asar's package.json names
// it, boots from the unpacked asar with the fake electron, through to the launcher window and the
// demo list, and every module it loads must come from inside the package.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { extractAll, listPackage } from '@electron/asar';
import { Arch, build, Platform } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeContract } from '../../electron/shared/ipc-contract.js';
import { bootMain, resolutions } from '../main/fakes/boot-main.js';
import type { FakeElectronState } from '../main/fakes/fake-electron.js';
import { readFuses, writeStandInElectron } from './stand-in-electron.js';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));
const config = require(join(root, 'build/electron-builder.config.cjs')) as Record<string, unknown> & {
  directories: Record<string, string>;
  electronFuses: Record<string, boolean>;
  linux: { executableName: string };
};
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const work = mkdtempSync(join(tmpdir(), 'lfr-packaged-'));
const unpacked = join(work, 'out', 'linux-unpacked');
const asarPath = join(unpacked, 'resources', 'app.asar');
// Unpacked far from the project, so nothing can resolve from the project's node_modules.
const app = join(work, 'app');
let booted: FakeElectronState;

beforeAll(async () => {
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    publish: 'never',
    config: {
      ...config,
      electronDist: writeStandInElectron(join(work, 'electron-dist')),
      electronVersion: pkg.devDependencies.electron!.replace(/^[^\d]*/, ''),
      directories: { ...config.directories, output: join(work, 'out') },
      // Nothing native to rebuild, and no network to rebuild it with.
      npmRebuild: false,
    },
  });
  extractAll(asarPath, app);
  process.env.LFR_E2E = '1';
  process.env.AWS_CONFIG_FILE = join(work, 'no-such-config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(work, 'no-such-credentials');
  const main = (JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { main: string }).main;
  booted = await bootMain(join(app, main), undefined, app);
}, 180_000);

afterAll(async () => {
  booted?.appEvents.emit('will-quit', {});
  await new Promise((r) => setTimeout(r, 50));
  if (booted) rmSync(booted.userData, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
  delete process.env.LFR_E2E;
  delete process.env.AWS_CONFIG_FILE;
  delete process.env.AWS_SHARED_CREDENTIALS_FILE;
});

const trusted = () => {
  const launcher = booted.windows[0]!;
  return {
    sender: launcher.webContents,
    senderFrame: { url: 'app://launcher/index.html', parent: null, ...launcher.webContents.mainFrame },
  };
};
const invoke = (channel: string, ...args: unknown[]) => booted.ipcHandlers.get(channel)!(trusted(), ...args);

describe('the packaged app (electron-builder --dir, Linux)', () => {
  it('packs the build, the renderer and the runtime dependencies, and no sources, maps or devDependencies', () => {
    const files = listPackage(asarPath, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    expect(files).toContain('/dist/main/index.js');
    expect(files).toContain('/dist/preload/index.cjs');
    expect(files).toContain('/renderer/dist/index.html');
    expect(files.filter((f) => /\.(ts|map)$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('/electron/') || f.startsWith('/test/'))).toEqual([]);
    const packed = new Set(
      files
        .filter((f) => f.startsWith('/node_modules/'))
        .map((f) =>
          f
            .split('/')
            .slice(2, f.split('/')[2]!.startsWith('@') ? 4 : 3)
            .join('/'),
        ),
    );
    for (const dep of Object.keys(pkg.dependencies)) expect(packed, dep).toContain(dep);
    // What only the tests and the build use stays out (the demo's libraries are in main's chunk).
    for (const dev of ['electron', 'vitest', 'ws', 'selfsigned', 'esbuild', 'typescript', 'svelte'])
      expect(packed, dev).not.toContain(dev);
  });

  it("flips the executable's fuses to the hardened set the config asks for", () => {
    const fuses = readFuses(readFileSync(join(unpacked, config.linux.executableName)));
    const wanted = Object.fromEntries(Object.entries(config.electronFuses).filter(([k]) => k in fuses));
    expect(Object.keys(wanted).length).toBe(8);
    expect(fuses).toEqual(wanted);
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('boots from the asar to the launcher window, registering every IPC channel, in demo mode without profiles', async () => {
    expect(booted.exitCode).toBeUndefined();
    expect(booted.errorBoxes).toEqual([]);
    const launcher = booted.windows[0]!;
    expect(launcher.loaded).toEqual(['app://launcher/index.html']);
    expect(launcher.options.webPreferences?.preload).toBe(join(app, 'dist', 'preload', 'index.cjs'));
    expect([...booted.ipcHandlers.keys()].sort()).toEqual(Object.keys(invokeContract).sort());
    expect(await invoke('app:info')).toMatchObject({ demo: true });
  });

  it('serves the launcher page from inside the package and lists the demo computers', async () => {
    const page = await booted.protocolHandlers.get('app')!(new Request('app://launcher/index.html'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app"');
    const list = (await invoke('computers:refresh')) as { computers: { name: string }[]; errors: unknown[] };
    expect(list.errors).toEqual([]);
    expect(list.computers.map((c) => c.name)).toContain('genomics-notebook');
  });

  it('loads every module from inside the package: built-ins, electron, and files under the unpacked asar only', () => {
    const fromApp = resolutions.filter((r) => r.parent.startsWith(pathToFileURL(app).href));
    expect(fromApp.length).toBeGreaterThan(50);
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const outside = fromApp.filter(
      (r) =>
        !builtins.has(r.specifier) &&
        r.specifier !== 'electron' &&
        !r.url.startsWith(pathToFileURL(app).href),
    );
    expect(
      outside.map(
        (r) => `${r.specifier} (from ${r.parent.slice(pathToFileURL(app).href.length)}) -> ${r.url}`,
      ),
    ).toEqual([]);
    // The demo's chunk was loaded too, from the package.
    expect(fromApp.some((r) => /\/dist\/main\/chunks\/demo-[\w-]+\.js/.test(r.url))).toBe(true);
  });
});
