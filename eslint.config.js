// ESLint for placewatch: typescript-eslint's recommended rules, no import cycles, and modules that only
// reach each other through their index.ts (STYLE.md habit 1). Formatting is Prettier's job (eslint-config-prettier).
import fs from 'node:fs';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Every folder of src/ is a module; its index.ts is its public face. */
const MODULES = fs
  .readdirSync(new URL('./src/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** One zone per module: files outside it may import only its index.ts. */
function moduleZones() {
  return MODULES.map((name) => ({
    target: MODULES.filter((other) => other !== name).map((other) => `./src/${other}`),
    from: `./src/${name}`,
    except: ['./index.ts'],
    message: `import src/${name} through its index.ts (add the export there)`,
  }));
}

export default tseslint.config(
  {
    ignores: ['dist/', 'data/', 'scratch/', 'test-artifacts/', 'models/', 'docs/', 'node_modules/', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: globals.node,
    },
    plugins: { 'import-x': importX },
    settings: {
      // import-x parses the files an import leads to (for no-cycle) with the TypeScript parser.
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `interface CueHit extends AppliedCue {}` names a shape for its readers.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // Sanitizers and terminal-safe printing strip control characters on purpose.
      'no-control-regex': 'off',
      // A closure that reads the variable is created before the one assignment (a server and its handler).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
    },
  },
  {
    // Migrations take Kysely<any>: they must not depend on today's schema type (kysely's own advice).
    files: ['migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Channel fields are typed `{}` on purpose there (see the comment): the channel's own schema reads them.
    files: ['src/config/schema/routes.ts'],
    rules: { '@typescript-eslint/no-empty-object-type': 'off' },
  },
  {
    // The reviewer UI's script runs in the browser.
    files: ['src/api/ui/static/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: moduleZones() }] },
  },
  prettier,
);
