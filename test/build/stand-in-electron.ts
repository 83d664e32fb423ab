// A stand-in for Electron's Linux distribution, for packing where Electron's binary cannot be
// downloaded: electron-builder copies it, renames the executable, writes resources/app.asar and
// flips the fuses in it, every step as for the real one. The executable carries what
// @electron/fuses looks for: the sentinel, then the wire (version 1, its length, one byte a
// fuse: '0' off, '1' on), here with Electron 45's defaults. Run, it says what it is and fails.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The sentinel @electron/fuses searches the binary for (its constants.js). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** The fuse wire's order (@electron/fuses FuseV1Options). */
export const FUSES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;

/** Electron's own defaults, before any flip (electron/build/fuses/fuses.json5). */
const DEFAULTS: Record<(typeof FUSES)[number], boolean> = {
  runAsNode: true,
  enableCookieEncryption: false,
  enableNodeOptionsEnvironmentVariable: true,
  enableNodeCliInspectArguments: true,
  enableEmbeddedAsarIntegrityValidation: false,
  onlyLoadAppFromAsar: false,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: true,
};

/** Write the stand-in distribution into dir; returns dir. */
export function writeStandInElectron(dir: string): string {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  mkdirSync(join(dir, 'locales'), { recursive: true });
  const wire = Buffer.from([1, FUSES.length, ...FUSES.map((f) => (DEFAULTS[f] ? 0x31 : 0x30))]);
  const script = Buffer.concat([
    Buffer.from(`#!/bin/sh\n# ${FUSE_SENTINEL}`),
    wire,
    Buffer.from('\necho "a stand-in for Electron (tests only): this build cannot run" >&2\nexit 1\n'),
  ]);
  writeFileSync(join(dir, 'electron'), script);
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'locales', 'en-US.pak'), '');
  writeFileSync(join(dir, 'LICENSE'), 'stand-in');
  writeFileSync(join(dir, 'version'), '45.5.0');
  return dir;
}

/** The fuse wire of a packed executable, by name (true = on). */
export function readFuses(executable: Buffer): Record<string, boolean> {
  const at = executable.indexOf(FUSE_SENTINEL);
  if (at < 0) throw new Error('no fuse sentinel in the executable');
  const wire = at + FUSE_SENTINEL.length;
  const length = executable[wire + 1]!;
  return Object.fromEntries(FUSES.slice(0, length).map((f, i) => [f, executable[wire + 2 + i] === 0x31]));
}
