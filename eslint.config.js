import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const noElectron = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        {
          name: 'electron',
          message:
            'Only electron/main and electron/preload may import electron: keep the core testable in plain Node.',
        },
      ],
      patterns: [
        {
          group: ['electron/*', '../main/*', '../../main/*', '../preload/*'],
          message: 'The core, shared code and the renderer must not depend on the Electron shell.',
          allowTypeImports: true,
        },
      ],
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'renderer/dist/**',
      'renderer/dist-ssr/**',
      'build/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
      globals: { ...globals.browser },
    },
  },
  // CommonJS files (electron-builder's config) load their neighbours with require().
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: [
      'electron/core/**',
      'electron/shared/**',
      'electron/simulator/**',
      'electron/cli.ts',
      'renderer/**',
    ],
    rules: noElectron,
  },
  {
    // The core gets the simulator's endpoint from the composition root; it never starts one.
    files: ['electron/core/**', 'electron/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noElectron['no-restricted-imports'][1].paths,
          patterns: [
            ...noElectron['no-restricted-imports'][1].patterns,
            {
              group: ['../simulator/*', '../../simulator/*'],
              message:
                'The core must not import the simulator: demo mode gets its endpoint from the composition root.',
            },
          ],
        },
      ],
    },
  },
  {
    // Orchestration stays a short facade over named modules, not one long closure.
    files: ['electron/core/**/*.ts', 'electron/main/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: false }] },
  },
);
