/** The repository root (the parent of the folder holding `moduleUrl`), as a native path. */
export function repoRootOf(moduleUrl: string | URL, options?: { windows?: boolean }): string;
/** A package's command-line script (under root/node_modules), to run as `node <script>`. */
export function binScript(root: string, pkg: string, bin?: string): string;
/** How to run npm from a script: npm's JS entry under this Node when known, else `npm`. */
export function npmCommand(
  env?: Record<string, string | undefined>,
  platform?: string,
): { cmd: string; args: string[]; shell?: boolean };
