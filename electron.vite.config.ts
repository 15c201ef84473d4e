import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';
import griffel from '@griffel/vite-plugin';

// One build for the three processes. main/ also yields the CLI (out/main/cli.js), run with plain Node,
// and the diagnosis worker (out/main/diagnose-worker.js), started by both.
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'main/index.ts'),
          cli: resolve(import.meta.dirname, 'main/cli.ts'),
          // The worker thread that diagnoses log files (main/services/ise/diagnose-in-worker.ts).
          'diagnose-worker': resolve(import.meta.dirname, 'main/services/ise/diagnose-worker.ts'),
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
      // Griffel's official plugin: our makeStyles computed at build time (ahead of time, as
      // Fluent's own packages ship), so the first render does not resolve style objects into CSS;
      // Griffel's runtime inserts the rules when a component first renders.
      {
        ...griffel({
          include: ['**/renderer/**/*.{ts,tsx}'],
          // To evaluate the style objects (tokens, shared media queries) in our TypeScript modules.
          babelOptions: { presets: ['@babel/preset-typescript', ['@babel/preset-react', { runtime: 'automatic' }]] },
        }),
        apply: 'build',
      },
    ],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves output unminified by default; the renderer's parse time is what the user waits for.
      minify: 'esbuild',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'renderer/index.html') },
        output: {
          // Vite's own splitting (a chunk per dynamic import: each screen, the wizard, each step),
          // plus two groups where they pay: each language's texts as one chunk (texts.ts imports
          // eight files per language: one request instead of eight), and React DOM (a quarter of
          // the first screen's code) apart from start-app's chunk, so V8 compiles the two large
          // files on two background threads while they stream in.
          manualChunks(id) {
            const language = /[\\/]renderer[\\/]i18n[\\/](en|es)(?:\.json$|[\\/])/.exec(id)?.[1];
            if (language) return `i18n-${language}`;
            if (/[\\/]node_modules[\\/](react-dom|scheduler)[\\/]/.test(id)) return 'react-dom';
            return undefined;
          },
        },
      },
    },
  },
});
