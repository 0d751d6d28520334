import type { JwtGuardModuleOptions } from '#jwt-guard';
import type { ResourceServerConfig } from './resource.config.js';

/**
 * The one place the environment becomes libs/jwt-guard's options: the key source the `AUTH_*` /
 * `JWT_*` / `JWKS_*` variables describe, and the app's public URL as the challenge realm.
 * @example
 * JwtGuardModule.forRootAsync({ inject: [apiConfig.KEY], useFactory: (c: ApiConfig) => jwtGuardOptions(c) })
 */
export function jwtGuardOptions(config: ResourceServerConfig): JwtGuardModuleOptions {
  return { provider: config.jwt, realm: config.publicUrl };
}
