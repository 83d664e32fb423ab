// Builds the renderer when renderer/dist is missing or older than its sources, so the suite
// always runs the real production bundle.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_DIST = join(root, 'renderer/dist');

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, f) => Math.max(m, newest(join(path, f))), st.mtimeMs);
}

/** True when the renderer build is missing or older than any of its inputs. */
export function rendererIsStale(): boolean {
  const built = join(RENDERER_DIST, 'index.html');
  if (!existsSync(built)) return true;
  const inputs = ['renderer/src', 'renderer/index.html', 'renderer/vite.config.ts', 'electron/shared'].map((p) => join(root, p));
  return Math.max(...inputs.map(newest)) > statSync(built).mtimeMs;
}

/** Build renderer/dist with vite when needed. */
export function ensureRendererBuilt(): void {
  if (!rendererIsStale()) return;
  const r = spawnSync(join(root, 'node_modules/.bin/vite'), ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('vite build of the renderer failed');
}

export default function globalSetup(): void {
  ensureRendererBuilt();
}
