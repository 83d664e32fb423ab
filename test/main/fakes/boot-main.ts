// Bundles electron/main/index.ts with the fake 'electron' module and boots it, as many times as
// a spec needs: each boot is a fresh module instance with a fresh fake (its own userData).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { FakeElectronState } from './fake-electron.js';

const root = join(import.meta.dirname, '..', '..', '..');
const g = globalThis as unknown as { __fakeElectron?: FakeElectronState };
let boots = 0;

/** Bundle main with the fake electron into outDir; returns the bundle's path. */
export async function buildMain(outDir: string): Promise<string> {
  const outfile = join(outDir, 'main.mjs');
  await build({
    entryPoints: [join(root, 'electron/main/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    packages: 'external',
    plugins: [
      {
        name: 'fake-electron',
        setup(b) {
          b.onResolve({ filter: /^electron$/ }, () => ({ path: join(root, 'test/main/fakes/fake-electron.ts') }));
          b.onResolve({ filter: /^electron-log\/main$/ }, () => ({ path: 'electron-log/node', external: true }));
        },
      },
    ],
  });
  return outfile;
}

/** The fake of the most recent boot. */
export const fake = (): FakeElectronState => g.__fakeElectron!;

/**
 * Boot main once more: `prepare` runs before app ready (write files into userData, set knobs);
 * resolves when the launcher window exists or the app exited.
 */
export async function bootMain(bundle: string, prepare?: (s: FakeElectronState) => void): Promise<FakeElectronState> {
  delete g.__fakeElectron;
  await import(`${pathToFileURL(bundle).href}?boot=${++boots}`);
  const s = fake();
  s.appPath = root;
  prepare?.(s);
  s.ready();
  for (let i = 0; i < 400 && !s.windows.length && s.exitCode === undefined; i++) await new Promise((r) => setTimeout(r, 25));
  return s;
}
