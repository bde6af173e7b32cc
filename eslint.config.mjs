// One linter, configured once. No file is excluded but build output and dependencies.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'sdk/dist/', 'data/', 'eval-report/', '.tsbuild/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // one way to answer and to set a response header (server/http/respond.ts): a header set through
    // hono's c.header() is not in a respond() answer, and one set with setHeader() not in a c.json() one
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['header', 'json', 'html', 'body', 'text'].map((property) => ({
          object: 'c',
          property,
          message:
            'answer with respond/fail/html/send and set headers with setHeader (server/http/respond.ts)',
        })),
      ],
    },
  },
  {
    files: ['**/*.mjs', 'bin/**', 'examples/**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URLSearchParams: 'readonly',
        Request: 'readonly',
        Response: 'readonly',
      },
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
