#!/usr/bin/env node
// `npm start`: run the launcher in Electron. Without AWS profiles the app opens in demo mode
// (the built-in simulator). Where no Electron binary could be installed (e.g. a build machine
// with ELECTRON_SKIP_BINARY_DOWNLOAD=1) it says so and offers the browser preview instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { npmCommand, repoRootOf } from './paths.mjs';

const root = repoRootOf(import.meta.url);
const args = process.argv.slice(2);
const found = spawnSync(process.execPath, [join(root, 'scripts/electron-binary.mjs')], {
  encoding: 'utf8',
}).stdout?.trim();

if (found) {
  const child = spawn(found, [root, ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.error(
    'No Electron binary is installed (npm skipped its download).\n' +
      'Install it with `npm rebuild electron` on a machine that can reach the Electron releases.',
  );
  const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};
  if (scripts['start:browser'] && existsSync(join(root, 'node_modules'))) {
    console.error('Meanwhile, starting the browser preview of the launcher (demo data):');
    const npm = npmCommand();
    const child = spawn(npm.cmd, [...npm.args, 'run', '--silent', 'start:browser', '--', ...args], {
      stdio: 'inherit',
      cwd: root,
      shell: npm.shell,
    });
    child.on('exit', (code) => process.exit(code ?? 0));
  } else {
    process.exit(1);
  }
}
