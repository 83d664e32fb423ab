// Before any unit spec: the renderer's builds (one spec checks the server build, and the boot
// specs' main loads it) and the shell's, from the project's own build script, so the boot specs
// load exactly what `npm run build` makes of the sources as they are now.
import { ensureRendererBuilt } from '../e2e-browser/global-setup.js';
import { buildShell } from './fakes/boot-main.js';

export default function globalSetup(): void {
  ensureRendererBuilt();
  buildShell();
}
