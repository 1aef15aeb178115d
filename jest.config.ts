import type { Config } from 'jest';

// ts-jest emits decorator metadata as tsc does (TypeORM and type-graphql read `design:type`;
// esbuild-style transforms drop it). Files are transpiled one by one (no type check here:
// `npm run build`, run before the tests, type-checks the whole project).
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/kernel', '<rootDir>/gateway', '<rootDir>/subgraphs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }],
  },
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  testTimeout: 60_000,
  // Two cores: two workers keep the MariaDB suites parallel without starving the server.
  maxWorkers: 2,
};

export default config;
