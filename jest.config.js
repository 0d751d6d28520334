/**
 * One jest config for the whole workspace: unit specs beside the code, e2e scenarios under test/.
 * ESM throughout (Nest 12 is ESM-only), compiled by SWC with decorator metadata so DI works.
 * Type-checking is `npm run typecheck`, not jest's job.
 * @type {import('jest').Config}
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

// content-disposition 3 is ESM-only, and @fastify/static 10 (Swagger UI's file server) require()s it.
// Jest's require of an ES module needs Node 24.9+; on Node 22 SWC compiles that one package to
// CommonJS (@swc/jest picks CommonJS for a require and keeps ESM for an import).
const ESM_ONLY_REQUIRED = '/node_modules/content-disposition/.+\\.js$';

export default {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc, [ESM_ONLY_REQUIRED]: swc },
  transformIgnorePatterns: ['/node_modules/(?!(.*/)?content-disposition/)'],
  moduleNameMapper: {
    '^#config$': '<rootDir>/libs/config/src/index.ts',
    '^#jwt-guard$': '<rootDir>/libs/jwt-guard/src/index.ts',
    '^#jwt-guard/testing$': '<rootDir>/libs/jwt-guard/src/testing/index.ts',
    '^#database$': '<rootDir>/libs/database/src/index.ts',
    '^#notes$': '<rootDir>/libs/notes/src/index.ts',
    '^#platform$': '<rootDir>/libs/platform/src/index.ts',
    '^#prisma$': '<rootDir>/generated/prisma/client.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/{apps,libs,test,scripts,bench}/**/*.{spec,e2e-spec}.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 30_000,
  maxWorkers: 2,
};
