#!/usr/bin/env node
// Where the Electron binary is, or nothing: dependencies are installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1 on build machines, so node_modules/electron has no dist/.
// Run as a script it prints the path (or nothing, exit 0); imported, electronBinary() returns
// the path or null. Used by scripts/test.mjs and the e2e-electron suite to skip cleanly.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Absolute path of the Electron executable, or null when it is not installed. */
export function electronBinary(base = root) {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pkg = join(base, 'node_modules', 'electron');
  let rel;
  try {
    rel = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
  } catch {
    return null;
  }
  if (!rel) return null;
  const bin = override ? join(override, rel) : join(pkg, 'dist', rel);
  return existsSync(bin) ? bin : null;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bin = electronBinary();
  if (bin) console.log(bin);
}
