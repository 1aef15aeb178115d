/** @jest-config-loader-options {"transpileOnly": true} */
import type { Config } from 'jest';

// @swc/jest with legacy decorators and decorator metadata: TypeORM and type-graphql read the
// emitted `design:type` metadata, which esbuild-style transforms drop.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/kernel', '<rootDir>/gateway', '<rootDir>/subgraphs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  testTimeout: 60_000,
  // Two cores: two workers keep the MariaDB suites parallel without starving the server.
  maxWorkers: 2,
};

export default config;
