// What the shell's build (build-electron.mjs) and the CLI's (build-cli.mjs) share: which
// packages stay outside the bundle, and the `require` an ESM bundle of CommonJS needs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The runtime dependencies (and their subpaths): they ship in node_modules and stay external;
 * anything else (the simulator's devDependencies, for demo mode) is bundled, since packaged
 * apps carry no devDependencies.
 */
export function runtimeExternals(root) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return Object.keys(pkg.dependencies ?? {}).flatMap((name) => [name, `${name}/*`]);
}

/**
 * CommonJS bundled into an ESM file keeps its `require('crypto')` calls, and esbuild's ESM
 * output has no `require` to give them: its shim throws "Dynamic require of … is not
 * supported" while the bundle loads, before a line of ours runs. A real `require`, made for the
 * bundle's own location, serves built-ins and anything else such code asks for (esbuild's
 * documented answer for this: https://github.com/evanw/esbuild/issues/1921).
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __lfrCreateRequire } from 'node:module'; const require = __lfrCreateRequire(import.meta.url);";
