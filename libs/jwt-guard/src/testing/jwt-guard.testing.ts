import type { TestingModuleBuilder } from '@nestjs/testing';
import { JwksProvider } from '../jwks.provider.js';
import type { JwtGuardModuleOptions } from '../jwt-guard.options.js';
import type { TestIssuer } from './test-issuer.js';

/**
 * Module options that trust only `issuer` (for a test module of your own).
 * @example
 * Test.createTestingModule({ imports: [JwtGuardModule.forRoot(testGuardOptions(issuer))] })
 */
export function testGuardOptions(
  issuer: TestIssuer,
  extra: Omit<JwtGuardModuleOptions, 'jwksProvider' | 'provider'> = {},
): JwtGuardModuleOptions {
  return { jwksProvider: issuer.provider, realm: issuer.audience[0], ...extra };
}

/**
 * Makes an app's `JwtGuardModule` (however it is configured) trust `issuer` instead: one line in
 * `Test.createTestingModule`. The app's other guard options (realm, scope hint, global guard) stay.
 * @example
 * const moduleRef = await overrideJwtGuard(Test.createTestingModule({ imports: [AppModule] }), issuer).compile();
 */
export function overrideJwtGuard(
  builder: TestingModuleBuilder,
  issuer: TestIssuer,
): TestingModuleBuilder {
  return builder.overrideProvider(JwksProvider).useValue(issuer.provider);
}
