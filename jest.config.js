/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  // adaptivecards' package entry is untranspiled ESM; its UMD bundle loads in Node.
  // The Agents SDK's jwks-rsa brings jose 6, ESM only, which Node 20 requires natively but jest's
  // module system cannot: it gets the jose 5 the bot uses (same importJWK/exportSPKI). Only the SDK's
  // own JWT middleware would call it, and the bot does not use that (bot/runtime/agents/).
  moduleNameMapper: {
    '^adaptivecards$': '<rootDir>/node_modules/adaptivecards/dist/adaptivecards.js',
    '^jose$': '<rootDir>/node_modules/jose/dist/node/cjs/index.js',
  },
  testTimeout: 60000,
  // One real PostgreSQL server for the run, stopped again afterwards (tests/helpers/postgres/).
  globalSetup: '<rootDir>/tests/helpers/postgres/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/postgres/global-teardown.ts',
};
