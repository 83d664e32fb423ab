// Builds the renderer when renderer/dist is missing or older than its sources, so the suite
// always runs the real production bundle.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_DIST = join(root, 'renderer/dist');
/** The renderer's server build, which prerenders the first frame. */
export const FIRST_FRAME_BUILD = join(root, 'renderer/dist-ssr/first-frame.js');

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, f) => Math.max(m, newest(join(path, f))), st.mtimeMs);
}

/** True when the renderer build is missing or older than any of its inputs. */
export function rendererIsStale(): boolean {
  const built = join(RENDERER_DIST, 'index.html');
  if (!existsSync(built) || !existsSync(FIRST_FRAME_BUILD)) return true;
  const inputs = ['renderer/src', 'renderer/index.html', 'renderer/vite.config.ts', 'electron/shared'].map(
    (p) => join(root, p),
  );
  return (
    Math.max(...inputs.map(newest)) > Math.min(statSync(built).mtimeMs, statSync(FIRST_FRAME_BUILD).mtimeMs)
  );
}

/** Build renderer/dist and the server build with vite when needed. */
export function ensureRendererBuilt(): void {
  if (!rendererIsStale()) return;
  for (const extra of [[], ['--ssr', 'src/first-frame.ts', '--outDir', 'dist-ssr']]) {
    const r = spawnSync(
      join(root, 'node_modules/.bin/vite'),
      ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn', ...extra],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
    if (r.status !== 0) throw new Error('vite build of the renderer failed');
  }
}

export default function globalSetup(): void {
  ensureRendererBuilt();
}
