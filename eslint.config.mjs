// Lint rules, and the layers of STYLE.md rule 1 as import restrictions per folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Imports a folder may not use: packages, and our own folders (by a path segment, e.g. `persistence`), with why. */
const layer = (files, { packages = [], folders = [] }, message) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [...(packages.length ? [{ group: packages, message }] : []), ...folders.map((folder) => ({ regex: `(^|/)${folder}(/|$)`, message }))],
      },
    ],
  },
});

const WIRE_AND_STORAGE = ['express', 'twilio', 'twilio/*', '@prisma/*', 'pg', 'better-sqlite3', 'pino', 'prom-client'];

export default tseslint.config(
  { ignores: ['node_modules/', 'prisma/generated/', 'dist/', 'coverage/', 'tmp/', 'data/', 'src/console/assets/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Hand-written `any` hides mistakes; the few casts at library seams use `unknown` or `never`.
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Configuration files that Node and jest load as CommonJS.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // A later block replaces an earlier one's restrictions for the same files, so the general rule comes first and
  // every layer below repeats it.
  layer(['src/**/*.ts'], { folders: ['tests', 'scripts'] }, 'the product does not import its tests or scripts'),
  layer(
    ['flows/**/*.ts'],
    { packages: [...WIRE_AND_STORAGE, 'node:*'], folders: ['src'] },
    'flows/ are pure: they import only xstate and their own files (STYLE.md rule 1)',
  ),
  layer(
    ['src/domain/**/*.ts'],
    { packages: WIRE_AND_STORAGE, folders: ['persistence', 'telephony', 'http', 'console', 'simulator', 'tests', 'scripts'] },
    'the domain imports no adapters, no wire and no storage',
  ),
  layer(
    ['src/calls/**/*.ts', 'src/agents/**/*.ts', 'src/outage/**/*.ts', 'src/risk/**/*.ts'],
    { packages: WIRE_AND_STORAGE, folders: ['persistence', 'telephony', 'http', 'console', 'tests', 'scripts'] },
    'use cases speak through their ports: no adapter, no Twilio wire, no HTTP (the edge renders TwiML, ADR 010)',
  ),
);
