import { Test, type TestingModule } from '@nestjs/testing';
import { loadResourceConfig, providerSettings, type Env } from '#config';
import {
  JwksProvider,
  JwtGuardModule,
  TokenVerifier,
  type JwtGuardModuleOptions,
  type ProviderSettings,
} from '#jwt-guard';

/** The provider settings the api app would build from `env`. */
export const jwtConfig = (env: Env): ProviderSettings =>
  providerSettings(loadResourceConfig('api', env).jwt);

/** A controllable clock (ms), shared by the key cache and jose's `currentDate`. */
export function testClock(start = Date.now()) {
  let now = start;
  return {
    now: () => now,
    nowS: () => Math.floor(now / 1000),
    advance(seconds: number) {
      now += seconds * 1000;
    },
  };
}

/** Compiles the real module and returns its verifier and provider. */
export async function compileVerifier(
  env: Env,
  extra: Partial<JwtGuardModuleOptions> = {},
): Promise<{ module: TestingModule; verifier: TokenVerifier; provider: JwksProvider }> {
  const module = await Test.createTestingModule({
    imports: [JwtGuardModule.forRoot({ provider: jwtConfig(env), ...extra })],
  }).compile();
  return {
    module,
    verifier: module.get(TokenVerifier),
    provider: module.get<JwksProvider>(JwksProvider),
  };
}

/** Custom-provider env for a test issuer. */
export const customEnv = (jwksUrl: string, issuer: string, extra: Env = {}): Env => ({
  AUTH_PROVIDER: 'custom',
  JWKS_URL: jwksUrl,
  JWT_ISSUER: issuer,
  JWT_AUDIENCE: 'https://api.test',
  ...extra,
});

/** Resolves with the error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}
