#!/usr/bin/env node
// Builds the Electron shell with esbuild:
//  - main    -> dist/main/entry.js   ESM (package.json "main": a guard that reports a main that
//              cannot load) and dist/main/index.js, the app: for Electron's Node 22; runtime dependencies stay
//              external (packed into the asar), import.meta.dirname is native. The demo (the
//              simulator and the CommonJS libraries it bundles: ws, selfsigned) is a chunk
//              of its own beside it, loaded only when the demo runs.
//  - preload -> dist/preload/index.cjs CommonJS, fully bundled: a sandboxed preload may only
//              require('electron') and a handful of built-ins, never a module from disk.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ESM_REQUIRE_BANNER, runtimeExternals } from './esbuild-shared.mjs';
import { repoRootOf } from './paths.mjs';

const root = repoRootOf(import.meta.url);
const runtime = runtimeExternals(root);
const out = join(root, 'dist');
const watch = process.argv.includes('--watch');
if (!watch) {
  rmSync(join(out, 'main'), { recursive: true, force: true });
  rmSync(join(out, 'preload'), { recursive: true, force: true });
}

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

await Promise.all([
  build({
    ...common,
    entryPoints: { entry: 'electron/main/entry.ts', index: 'electron/main/index.ts' },
    outdir: join(out, 'main'),
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: ESM_REQUIRE_BANNER },
    outExtension: { '.js': '.js' },
    external: ['electron', ...runtime],
  }),
  build({
    ...common,
    entryPoints: { index: 'electron/preload/index.ts' },
    outdir: join(out, 'preload'),
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  }),
]);

// A sandboxed preload that requires anything but electron fails at run time in the user's
// window, far from here; refuse to build one.
const preload = readFileSync(join(out, 'preload', 'index.cjs'), 'utf8');
const requires = [...preload.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)]
  .map((m) => m[1])
  .filter((m) => m !== 'electron');
if (requires.length > 0) {
  console.error(
    `build-electron: the preload requires ${requires.join(', ')}; sandboxed preloads may only require electron.`,
  );
  process.exit(1);
}
console.log('build-electron: dist/main/entry.js (+ index.js, chunks/), dist/preload/index.cjs');
