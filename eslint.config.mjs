// ESLint (flat config) for the whole repository: typescript-eslint's type-checked rules, no runtime
// import cycles, type-only imports written as such, and no `any` (issue 20 §4). `npm run lint`.
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Build output, installed and generated files, and what tests and the e2e walk write.
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'gallery/**',
      'data/**',
      'e2e-artifacts/**',
      'test-artifacts/**',
      'manifest/build/**',
      'build/**',
      'vendor/**',
      'bench/results/**',
      'devTools/**',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    plugins: { 'import-x': importX },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.cjs', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      // The imports are extensionless (module node16, CommonJS): resolve them to the .ts sources.
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.cjs', '.json', '.node'] })],
    },
    rules: {
      // A runtime cycle makes load order decide what is undefined; type-only imports are erased and do not count.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // Names starting with _ are deliberately unused (destructuring a field out of an object).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests read what the bot answered as parsed JSON (HTTP bodies, card payloads, jest's mock
    // calls): those values are `any` by nature and the expect() after them is the type check. The
    // source folders keep these rules.
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Fakes implement the bot's Promise ports (store, connector, clock) with bodies that need no await.
      '@typescript-eslint/require-await': 'off',
      // expect(fake.method).toHaveBeenCalled() names a method without calling it.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The few plain JavaScript files (jest's config, a CommonJS helper) are not in the TypeScript project.
    files: ['**/*.{js,cjs,mjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
