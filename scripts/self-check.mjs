#!/usr/bin/env node
// `npm run self-check`: runs the built app with `--self-check` in the Electron binary of this
// checkout (the build comes first, from package.json). The app prints its table and exits
// non-zero on any failure; this passes its exit code on. Without an Electron binary nothing
// can be checked: it says so and exits 2, so a script cannot mistake it for a pass.
import { spawn } from 'node:child_process';
import { electronBinary } from './electron-binary.mjs';
import { repoRootOf } from './paths.mjs';

const root = repoRootOf(import.meta.url);
const bin = electronBinary(root);
if (!bin) {
  console.error(
    'self-check: not run: no Electron binary is installed in this checkout (npm skipped its download).\n' +
      'Install it with `npm rebuild electron` where the Electron releases can be downloaded, or run\n' +
      '`lfr-launcher --self-check` with an installed launcher.',
  );
  process.exit(2);
}
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error(
    'self-check: no display (DISPLAY/WAYLAND_DISPLAY unset): run it on a desktop or under `xvfb-run -a npm run self-check`.',
  );
  process.exit(2);
}
const child = spawn(bin, [root, '--self-check', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
