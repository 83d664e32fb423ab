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

/**
 * The environment a CLI run gets: nothing of this machine's but PATH, AWS files under `home`,
 * Lightsail at the simulator's `endpoint`, plus `extra`.
 */
export function cliEnv(
  home: string,
  endpoint: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_ENDPOINT_URL_LIGHTSAIL: endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}
