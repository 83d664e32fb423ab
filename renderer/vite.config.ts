import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = fileURLToPath(new URL('.', import.meta.url));

// Relative base so the build loads from the app's custom protocol and from the browser host
// alike; no inline scripts (modulePreload polyfill off) so CSP `script-src 'self'` holds.
export default defineConfig({
  root,
  base: './',
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome128',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: { strictPort: false },
  // The server build (first-frame.ts, for the prerendered first frame) carries its own Svelte:
  // main loads it from the packaged app, where node_modules holds only runtime dependencies.
  ssr: { noExternal: true },
});
