// ESLint flat config: ESLint's recommended rules and typescript-eslint's recommended rules
// (syntax-only: no type information, so linting stays fast and needs no build).
import { defineConfig, globalIgnores } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The few globals our plain JavaScript files use. TypeScript files need none: the compiler checks
// names, and typescript-eslint turns off no-undef for them.
const nodeGlobals = { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' };
const browserGlobals = { window: 'readonly', document: 'readonly' };

export default defineConfig([
  globalIgnores(['dist/', 'node_modules/', 'data/', 'coverage/', '.test-data/', '**/*.tmp.ts']),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    rules: {
      // `_request`, `_options`: a handler's signature is fixed by Fastify even where an argument is unused.
      '@typescript-eslint/no-unused-vars': ['error', {
        args: 'after-used',
        argsIgnorePattern: '^_',
        varsIgnorePattern: '^_',
        caughtErrorsIgnorePattern: '^_',
        destructuredArrayIgnorePattern: '^_',
        ignoreRestSiblings: true,
      }],
    },
  },

  // Command-line scripts run by Node.
  {
    files: ['bin/**/*.js', 'scripts/**/*.{js,mjs}', 'bench/**/*.mjs', 'eslint.config.js'],
    languageOptions: { sourceType: 'module', globals: nodeGlobals },
  },

  // Scripts served to the browser (progressive enhancement).
  {
    files: ['src/platform/public/**/*.js'],
    languageOptions: { sourceType: 'module', globals: browserGlobals },
  },
]);
