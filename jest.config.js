/** Unit and integration tests (kernel protocol tests run under pytest, see test/python). */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json', isolatedModules: true }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup/env-backend.ts'],
  testTimeout: 120000,
};
