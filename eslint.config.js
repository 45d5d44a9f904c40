// Lint: rules that catch real problems, no formatting (the code's layout is not a lint matter here).
// typescript-eslint's `recommended` runs without type information so `npm run lint` stays fast; the
// compiler (`npm run typecheck`, `typecheck:web`) does the type-aware checking.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import vue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

/** The house rule "no cast at a protocol boundary" (issue 15): answers and pushes are typed in protocol/. */
const noBoundaryCasts = [
  'error',
  {
    selector: 'TSAsExpression > TSAsExpression.expression > TSUnknownKeyword.typeAnnotation',
    message: 'No `as unknown as …` here: type the value in protocol/ (issue 15).',
  },
  {
    selector: 'TSAsExpression > TSNeverKeyword.typeAnnotation',
    message: 'No `as never` here: type the value in protocol/ (issue 15).',
  },
];

const TEST_FILES = ['**/*.test.ts', '**/test-support/**', '**/test-support.ts', '**/testing/**', 'test/**', 'e2e/**'];

export default defineConfig(
  {
    ignores: ['node_modules/', 'dist/', 'dist-electron/', 'release/', 'test-artifacts/', 'data/', 'cloud-data/', 'coverage/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  vue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      // The compiler checks names (strict, noEmit): the JS rule does not know TypeScript's globals and types.
      'no-undef': 'off',
      // Unused names are errors, except the `_`-prefixed ones kept on purpose (a handler's unused argument).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // A timer declared before the closure that clears it, then assigned once, is not a `const` candidate.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['server/**/*.ts', 'renderer/**/*.{ts,vue}', 'protocol/**/*.ts'],
    ignores: TEST_FILES,
    // The Vue rule applies the same selectors to template expressions (`@click="x = id as never"`).
    rules: { 'no-restricted-syntax': noBoundaryCasts, 'vue/no-restricted-syntax': noBoundaryCasts },
  },
  {
    files: TEST_FILES,
    rules: {
      // Test doubles stand in for wide library types (sockets, AudioContext) where `any` is the honest type.
      '@typescript-eslint/no-explicit-any': 'off',
      // Fakes built as object literals inside a class method reach the fake through an alias of `this`.
      '@typescript-eslint/no-this-alias': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
