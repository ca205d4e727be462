// Lint rules that catch what tests may miss: promises nobody awaits, switches that forget a case,
// and focused or skipped tests that would make a green run lie.
import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.local/', 'coverage/', 'bench/.out/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Formatting is Prettier's (npm run format; checked by npm run lint).
  prettier,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Handlers read the environment only through platform/env.ts, which scopes resource variables per function.
    files: ['functions/**/*.ts'],
    ignores: ['functions/platform/env.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read the environment through functions/platform/env.ts (env, requiredEnv).' },
      ],
    },
  },
  {
    // The AWS SDK lives in adapters (`<port>.<service>.ts`) and the client factory; the rest talks to ports.
    files: ['functions/**/*.ts'],
    ignores: ['functions/**/*.{dynamodb,s3,kms,sfn,secretsmanager,ses,sns}.ts', 'functions/platform/aws.ts', 'functions/platform/stream.handler.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@aws-sdk/*'], message: 'Put the AWS call in an adapter behind a port (<port>.<service>.ts).' }] },
      ],
    },
  },
  {
    // Domain code is pure: rules and types, no adapters (DESIGN.md, Layout).
    files: ['functions/**/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*'], message: 'Domain code does not reach AWS: put the call in an adapter behind a port.' },
            {
              group: ['**/platform/deps', '**/*.dynamodb', '**/*.s3', '**/*.kms', '**/*.sfn', '**/*.secretsmanager', '**/*.ses', '**/*.sns', '**/*.local'],
              message: 'Domain code does not import adapters: take what it needs as arguments.',
            },
            {
              group: ['**/platform/event-store'],
              importNames: ['dueKeys', 'IndexKeys', 'Indexer'],
              message: 'Storage keys are not rules: compute them in <context>/indexes.ts (functions/indexes.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'scanPaperLicence'] }],
    },
  },
);
