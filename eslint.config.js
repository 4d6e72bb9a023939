import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {ignores: ['dist/', 'node_modules/', 'coverage/', 'oclif.manifest.json']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {globals: {AbortController: 'readonly', AbortSignal: 'readonly', Buffer: 'readonly', URL: 'readonly', console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly'}},
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/commands/**/*.ts', 'src/command-helpers/*.ts', 'src/*.ts'],
    rules: {'no-restricted-imports': ['error', {paths: [{message: "Import a subpath such as '@oclif/core/flags' (start-up time).", name: '@oclif/core'}]}]},
  },
  {
    // src/lib is the library: it never imports the CLI framework, terminal UI packages, the commands,
    // the renderers or the simulators, at any depth.
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['@oclif/core', 'chalk', 'ora'],
          patterns: [
            {group: ['@oclif/core/*']},
            {message: 'src/lib never imports commands, ui or sim (docs/architecture.md).', regex: '^(\\.\\./)+(commands|ui|sim|command-helpers)(/|$)'},
          ],
        },
      ],
    },
  },
)
