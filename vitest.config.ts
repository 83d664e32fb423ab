import { svelte } from '@sveltejs/vite-plugin-svelte';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Vitest's default is one worker less than the cores: one worker on a 2-core machine, idle
    // while a spec waits on a subprocess or a socket. Two keep both cores busy (the integration
    // project: 102 s against 142 s with one, on a busy 2-core machine; three gained nothing).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        // Compiles the runes in renderer/src/**/*.svelte.ts, whose state classes are unit-tested: as
        // the browser runs them (client), not as the server renderer would, so reactivity is real.
        plugins: [svelte({ dynamicCompileOptions: () => ({ generate: 'client' }) })],
        test: {
          name: 'unit',
          environment: 'node',
          // A guard against a test that hangs, not a speed claim: some unit specs boot the whole
          // main process or load electron-builder, which on a busy machine takes more than the
          // default 5 s. No assertion depends on it (as in the integration project).
          testTimeout: 30_000,
          // The renderer's builds, before any spec: one spec checks the server build, and the boot
          // spec's main loads it, so it must exist before the first lookup (Vite caches misses).
          globalSetup: ['test/main/global-setup.ts'],
          // Node's own import() for the boot specs, which load dist/main as Electron would.
          server: { deps: { external: [/test\/main\/fakes\/native-import\.mjs$/] } },
          include: [
            'test/core/**/*.spec.ts',
            'test/shared/**/*.spec.ts',
            'test/simulator/**/*.spec.ts',
            'test/main/**/*.spec.ts',
            'test/scripts/**/*.spec.ts',
            'test/build/**/*.spec.ts',
            'test/renderer/**/*.spec.ts',
            'test/browser-host/**/*.spec.ts',
            'test/cli/**/*.spec.ts',
            'test/fixtures/**/*.spec.ts',
          ],
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          include: ['test/integration/**/*.spec.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
