// Where the checkout is, as a native path. A URL's `pathname` (of import.meta.url's parent) is a URL
// path, not a file path: on Windows it reads `/C:/…`, and a folder with a space reads `%20`,
// so every join() built on it points nowhere. fileURLToPath decodes both.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root (the parent of the folder holding `moduleUrl`), as a native path with a
 * trailing separator. `windows` forces Windows or POSIX rules (tests); by default the host's.
 */
export function repoRootOf(moduleUrl, options) {
  return fileURLToPath(new URL('..', moduleUrl), options);
}

/**
 * A package's command-line script, to run as `node <script>`: node_modules/.bin holds shell
 * scripts and .cmd shims, and since Node 20.12 a .cmd cannot be spawned without a shell,
 * whose quoting breaks on a path with a space. `bin` defaults to the package's only command.
 */
export function binScript(root, pkg, bin) {
  const dir = join(root, 'node_modules', ...pkg.split('/'));
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const rel = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[bin ?? pkg.split('/').pop()];
  if (!rel) throw new Error(`${pkg} has no command ${bin ?? ''}`.trim());
  return join(dir, rel);
}

/**
 * How to run npm from a script: under `npm run`, npm_execpath names npm's own JavaScript entry,
 * run with this Node (works on Windows, where `npm` is a .cmd); otherwise plain `npm`.
 */
export function npmCommand(env = process.env, platform = process.platform) {
  const cli = env.npm_execpath;
  if (cli && /\.[cm]?js$/i.test(cli)) return { cmd: process.execPath, args: [cli] };
  return { cmd: platform === 'win32' ? 'npm.cmd' : 'npm', args: [], shell: platform === 'win32' };
}
