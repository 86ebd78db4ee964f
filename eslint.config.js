// ESLint flat config: typescript-eslint's recommended rules plus an import-cycle check.
// Formatting is Prettier's job (`npm run format`); nothing here argues about layout.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', '.nx/**', '**/lint-fixtures/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  importX.flatConfigs.typescript,
  {
    files: ['**/*.{ts,mjs,js}'],
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Every package a file imports is declared in its own package.json (devDependencies do for tests).
      'import-x/no-extraneous-dependencies': [
        'error',
        {
          includeTypes: true,
          whitelist: ['vitest', 'tsx'], // tooling every workspace gets from the root package.json
          devDependencies: [
            '**/*.test.ts',
            '**/*.test-support.ts',
            '**/vitest.config.ts',
            'vitest.shared.ts',
            'eslint.config.js',
            'bench/**',
            'e2e/**',
            '**/scripts/**',
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  {
    // Tests decode wire messages loosely on purpose; production code may not.
    files: ['**/*.test.ts', '**/*.test-support.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
