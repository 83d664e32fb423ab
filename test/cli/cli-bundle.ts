// The CLI the specs run: the project's own build of it (scripts/build-cli.mjs), the file
// `npm run cli` runs, spawned with this Node as a user's shell would.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** dist/cli/cli.js; the unit project's global set-up builds it before any spec runs. */
export const CLI_BUNDLE = join(root, 'dist', 'cli', 'cli.js');

/** Build the CLI with its own build script. */
export function buildCli(): void {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs'), '--quiet'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`build-cli failed:\n${r.stdout}\n${r.stderr}`);
}
