// Boots what the build ships: dist/main/index.js, the output of scripts/build-electron.mjs, loaded
// by Node's own module loader with 'electron' resolved to the fake by a module hook (for import
// and require alike, as electron-log's CommonJS asks for it). No second bundling of main: a
// bundle that cannot load fails here exactly as it would in the app.
//
// Each boot is a fresh instance of main and of the fake (its own userData): the hook gives every
// module of dist/main and of the fakes a `?boot=N` query, which Node keys its module cache on.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import type { FakeElectronState } from './fake-electron.js';
// Vitest runs a spec's own imports through Vite; this is Node's loader, as in Electron.
import { nativeImport } from './native-import.mjs';

const root = join(import.meta.dirname, '..', '..', '..');
const g = globalThis as unknown as { __fakeElectron?: FakeElectronState };
let boots = 0;
let hooked = false;
// Folders whose modules belong to one boot (dist/, an unpacked asar), as file URL prefixes.
const bootRoots = new Set<string>();

/** One resolution Node made for a module of a boot: who asked, for what, and what it got. */
export interface Resolution {
  parent: string;
  specifier: string;
  url: string;
}
/** Every resolution made for modules under a boot root (dist/, an unpacked asar), in order. */
export const resolutions: Resolution[] = [];

/** The main the build makes, as package.json names it: the guard that loads the app. */
export const MAIN_BUNDLE = join(root, 'dist', 'main', 'entry.js');

const withBoot = (url: string, boot: number) => {
  const u = new URL(url);
  u.searchParams.set('boot', String(boot));
  return u.href;
};
const bootOf = (url: string | undefined) => {
  const n = url ? Number(new URL(url).searchParams.get('boot')) : 0;
  return n > 0 ? n : undefined;
};

const inBootRoot = (url: string | undefined) =>
  url !== undefined && [...bootRoots].some((r) => url.startsWith(r));

/**
 * Resolve `electron` to the fake for every module Node loads from now on, keep one boot's
 * modules together under `bootRoot` (and the fakes folder), and load the (TypeScript) fakes.
 */
export function hookElectron(bootRoot = join(root, 'dist')): void {
  bootRoots.add(pathToFileURL(join(bootRoot, '/')).href);
  if (hooked) return;
  hooked = true;
  const fakes = pathToFileURL(join(import.meta.dirname, '/')).href;
  registerHooks({
    resolve(specifier, context, next) {
      const boot = bootOf(context.parentURL) ?? boots;
      const log = (url: string) => {
        if (inBootRoot(context.parentURL)) resolutions.push({ parent: context.parentURL!, specifier, url });
        return url;
      };
      if (specifier === 'electron')
        return { url: log(withBoot(`${fakes}fake-electron.ts`, boot)), format: 'module', shortCircuit: true };
      // The fakes import each other by their .js names, as tsc wants.
      if (context.parentURL?.startsWith(fakes) && specifier.startsWith('.') && specifier.endsWith('.js')) {
        return {
          url: withBoot(new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL).href, boot),
          format: 'module',
          shortCircuit: true,
        };
      }
      const r = next(specifier, context);
      log(r.url);
      // Packages load once per process, as the app loads them once; only our own code is per boot.
      const ours = inBootRoot(r.url) && !r.url.includes('/node_modules/');
      return ours && bootOf(context.parentURL) ? { ...r, url: withBoot(r.url, boot) } : r;
    },
    load(url, context, next) {
      if (!url.startsWith(fakes) || !/\.ts(\?|$)/.test(url)) return next(url, context);
      const file = fileURLToPath(url.replace(/\?.*$/, ''));
      const { code } = transformSync(readFileSync(file, 'utf8'), {
        loader: 'ts',
        format: 'esm',
        target: 'node22',
        sourcefile: file,
      });
      return { format: 'module', source: code, shortCircuit: true };
    },
  });
}

/** Run the project's build of main and preload: scripts/build-electron.mjs, as `npm run build` does. */
export function buildShell(): void {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-electron.mjs')], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`build-electron failed:\n${r.stdout}\n${r.stderr}`);
}

/** The built main; the unit project's global set-up builds it before any spec runs. */
export function ensureBuilt(): string {
  if (!existsSync(MAIN_BUNDLE)) buildShell();
  return MAIN_BUNDLE;
}

/**
 * Import a built main (by default the project's) into a fresh boot, with the fake electron;
 * `bootRoot` is the folder its modules come from (dist/, or an unpacked app.asar).
 */
export async function importMain(
  bundle = ensureBuilt(),
  bootRoot = join(bundle, '..', '..'),
): Promise<number> {
  hookElectron(bootRoot);
  const boot = ++boots;
  await nativeImport(withBoot(pathToFileURL(bundle).href, boot));
  return boot;
}

/** The fake of the most recent boot. */
export const fake = (): FakeElectronState => g.__fakeElectron!;

/**
 * Boot main once more: `prepare` runs before app ready (write files into userData, set knobs);
 * resolves when the launcher window exists or the app exited.
 */
export async function bootMain(
  bundle = ensureBuilt(),
  prepare?: (s: FakeElectronState) => void,
  appPath = root,
): Promise<FakeElectronState> {
  delete g.__fakeElectron;
  await importMain(bundle, appPath === root ? undefined : appPath);
  const s = fake();
  s.appPath = appPath;
  prepare?.(s);
  s.ready();
  for (let i = 0; i < 400 && !s.windows.length && s.exitCode === undefined; i++)
    await new Promise((r) => setTimeout(r, 25));
  return s;
}

/** After a spec's boot: the app quits (will-quit), and its output folder and userData go. */
export async function endBoot(s: FakeElectronState | undefined, outDir: string): Promise<void> {
  s?.appEvents.emit('will-quit', {});
  await new Promise((r) => setTimeout(r, 50));
  rmSync(outDir, { recursive: true, force: true });
  if (s) rmSync(s.userData, { recursive: true, force: true });
}
