/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  // adaptivecards' package entry is untranspiled ESM; its UMD bundle loads in Node.
  moduleNameMapper: { '^adaptivecards$': '<rootDir>/node_modules/adaptivecards/dist/adaptivecards.js' },
  testTimeout: 60000,
  // One real PostgreSQL server for the run, stopped again afterwards (tests/helpers/postgres/).
  globalSetup: '<rootDir>/tests/helpers/postgres/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/postgres/global-teardown.ts',
};
