import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';
import griffel from '@griffel/vite-plugin';
import { firstScreenChunks, rendererChunks } from './scripts/renderer-chunks';
import { griffelCss } from './scripts/griffel-css';

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
    // The texts as JSON.parse of one string, which V8 reads faster than the same object literal.
    json: { stringify: true, namedExports: false },
    plugins: [
      react(),
      // Fluent's styles, ours too, computed at build time (Griffel AOT, as Fluent's own packages
      // ship): the first render no longer resolves every makeStyles of the screen into CSS.
      {
        ...griffel({
          include: ['**/renderer/**/*.{ts,tsx}'],
          // To evaluate the style objects (tokens, shared media queries) in our TypeScript modules.
          babelOptions: { presets: ['@babel/preset-typescript', ['@babel/preset-react', { runtime: 'automatic' }]] },
        }),
        apply: 'build',
      },
      griffelCss(),
      firstScreenChunks(),
    ],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves output unminified by default; the renderer's parse time is what the user waits for.
      minify: 'esbuild',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'renderer/index.html') },
        output: { manualChunks: rendererChunks(resolve(import.meta.dirname, 'renderer')) },
      },
    },
  },
});
