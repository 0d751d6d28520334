/**
 * The testing kit of libs/jwt-guard (`#jwt-guard/testing`): an in-process issuer with real keys,
 * tokens in the kit's claim names, the hostile cases, and a one-line module override.
 */
export {
  createTestIssuer,
  type MintOptions,
  type TestIssuer,
  type TestIssuerAlgorithm,
  type TestIssuerOptions,
} from './test-issuer.js';
export { overrideJwtGuard, testGuardOptions } from './jwt-guard.testing.js';
