// Before any unit spec: the renderer's builds (one spec checks the server build, and the boot
// specs' main loads it), the shell's and the CLI's, from the project's own build scripts, so the
// boot and CLI specs run exactly what `npm run build` makes of the sources as they are now.
import { buildCli } from '../cli/cli-bundle.js';
import { ensureRendererBuilt } from '../e2e-browser/global-setup.js';
import { buildShell } from './fakes/boot-main.js';

export default function globalSetup(): void {
  ensureRendererBuilt();
  buildShell();
  buildCli();
}
