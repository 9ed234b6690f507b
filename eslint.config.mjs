// @ts-check
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/**
 * Import boundaries (see ../shared/ARCHITECTURE.md):
 * - only src/main/index.ts and src/main/windows/** may import electron in src/main;
 * - src/renderer reaches the core only through the contract client (no main, server, preload, Node);
 * - src/server never imports client code (main, preload, renderer);
 * - src/shared imports nothing but itself and a short list of pure libraries;
 * - src/preload imports only electron and src/shared.
 */
const CLIENT_CODE = '^(\\.\\./)+(src/)?(main|preload|renderer)(/|$)'
const NODE_BUILTINS = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'net',
  'http',
  'https',
  'crypto',
  'worker_threads',
  'stream',
]
const PURE_LIBS = ['zod', 'date-fns', '@date-fns/tz', 'ical.js', 'email-addresses']

export default tseslint.config(
  {
    ignores: [
      '.scratch*/**',
      'out/**',
      'dist/**',
      'node_modules/**',
      'drizzle/**',
      'test-results/**',
      'coverage/**',
      'resources/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.{js,mjs,cjs}'],
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-console': 'off' },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['.scratch*/**', 'src/main/index.ts', 'src/main/windows/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'Only src/main/index.ts and src/main/windows/ may import electron; keep the core plain Node.',
            },
          ],
          patterns: [
            {
              regex: '^(\\.\\./)+(src/)?(renderer|preload|server)(/|$)',
              message: 'The core does not import the UI, the preload or the sync server.',
            },
          ],
        },
      ],
    },
  },
  {
    // The CLI is a composition root: it hosts the sync server (`kontor serve`) as well as the core.
    files: ['src/main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'Only src/main/index.ts and src/main/windows/ may import electron; keep the core plain Node.',
            },
          ],
          patterns: [
            {
              regex: '^(\\.\\./)+(src/)?(renderer|preload)(/|$)',
              message: 'The CLI does not import the UI or the preload.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The renderer talks to the core only through the contract client.',
            },
          ],
          patterns: [
            {
              regex: '^(\\.\\./)+(src/)?(main|server|preload)(/|$)',
              message:
                'The renderer may not import main, server or preload code; use the contract client.',
            },
            {
              group: NODE_BUILTINS,
              message: 'The renderer runs in a browser sandbox: no Node built-ins.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The sync server is plain Node.' }],
          patterns: [
            {
              regex: CLIENT_CODE,
              message: 'The sync server imports src/shared only, never client code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(?!\\.{1,2}/|(${PURE_LIBS.map((l) => l.replace(/[.]/g, '\\.')).join('|')})(/|$)).*`,
              message: `src/shared is pure: it may import only itself and ${PURE_LIBS.join(', ')}.`,
            },
            {
              regex: '^(\\.\\./)+(src/)?(main|server|preload|renderer)(/|$)',
              message: 'src/shared may not import from other layers.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$|(\\.\\./)+shared/).*',
              message: 'The preload runs sandboxed: it may import only electron and src/shared.',
            },
          ],
        },
      ],
    },
  },
)
