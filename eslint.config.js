// Flat config. Beyond the usual checks it enforces the process boundaries of ARCHITECTURE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const ipcBan = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Only preload/ and main/ipc.ts talk IPC; add a channel to preload/contract.ts instead.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.test-output/**', 'playwright-report/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': ['error', { paths: [ipcBan] }],
    },
  },
  {
    files: ['preload/**', 'main/ipc.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['main/services/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'main/services must run under plain Node: use an adapter in main/platform.' }],
          patterns: [{ group: ['electron/*'], message: 'main/services must run under plain Node.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks only to window.api.' },
            {
              name: '@fluentui/react-components',
              importNames: ['Card'],
              message: "Use renderer/components/Card: Fluent's Card brings tabster into every screen that shows one.",
            },
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer runs without Node: ask main through window.api.' })),
          ],
          patterns: [
            { group: ['**/main/**', '**/main'], message: 'The renderer may not import main/: types cross through preload/contract.ts.' },
            { group: ['electron/*'], message: 'The renderer talks only to window.api.' },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
);
