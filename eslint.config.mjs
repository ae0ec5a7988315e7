// ESLint for the whole tree; `npm run lint`, and a step of `npm test` (scripts/test.mjs).
// TypeScript gets typescript-eslint's recommended type-checked rules, through the project's own
// tsconfig.json (projectService), so the rules see the same types as `tsc`. The .mjs scripts are
// outside tsconfig.json (no checkJs): type-aware rules on untyped JS would only report `any`, so
// they get the non-type-checked recommended rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**', 'dist/**', 'out/**', '.vscode-test/**', 'test-results/**', 'bench/.work/**',
      // fixtures are inputs to the linter under test, deliberately "wrong" code
      'test/fixtures/**',
      'demo/**',
    ],
  },
  {
    // report `eslint-disable` comments that no longer disable anything
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      // `_name` marks a parameter kept for its position (callbacks, interface shapes)
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // these run inside the browser page that Playwright drives
    files: ['test/ui/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
