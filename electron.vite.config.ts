import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';

// One build for the three processes. main/ also yields the CLI (out/main/cli.js), run with plain Node.
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'main/index.ts'),
          cli: resolve(import.meta.dirname, 'main/cli.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves output unminified by default; the renderer's parse time is what the user waits for.
      minify: 'esbuild',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'renderer/index.html') },
        output: {
          // One chunk per language (renderer/i18n/index.ts loads the one shown), not one per text file.
          manualChunks(id) {
            const language = /[\\/]renderer[\\/]i18n[\\/](en|es)(?:\.json$|[\\/])/.exec(id)?.[1];
            return language ? `i18n-${language}` : undefined;
          },
        },
      },
    },
  },
});
