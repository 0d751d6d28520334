import type { JwtGuardModuleOptions, ProviderSettings } from '#jwt-guard';
import type { JwtEnvConfig, ResourceServerConfig } from './resource.config.js';

/**
 * The provider settings the `AUTH_*` / `JWT_*` / `JWKS_*` variables describe: the common ones for
 * every provider, and only the chosen provider's own section. A value the provider needs and the
 * environment lacks was refused at boot already (`loadResourceConfig`).
 */
export function providerSettings(jwt: JwtEnvConfig): ProviderSettings {
  const common = {
    jwksUrl: jwt.jwksUrl,
    issuer: jwt.issuer,
    algorithms: jwt.algorithms,
    clockToleranceS: jwt.clockToleranceS,
    keySources: jwt.keySources,
    cache: jwt.cache,
  };
  const { audience } = jwt;
  switch (jwt.provider) {
    case 'local':
      return { ...common, provider: 'local', authUrl: jwt.authUrl, audience };
    case 'clerk':
      return {
        ...common,
        provider: 'clerk',
        clerk: { issuer: jwt.clerk.issuer ?? '', authorizedParties: jwt.clerk.authorizedParties },
        // Clerk's session tokens carry no `aud`: checked only when JWT_AUDIENCE says which.
        audience: jwt.audienceConfigured ? audience : undefined,
      };
    case 'auth0':
      return { ...common, provider: 'auth0', auth0: { domain: jwt.auth0.domain ?? '' }, audience };
    case 'firebase':
      return {
        ...common,
        provider: 'firebase',
        firebase: { projectId: jwt.firebase.projectId ?? '' },
      };
    case 'oidc':
      return {
        ...common,
        provider: 'oidc',
        oidc: { issuer: jwt.oidc.issuer ?? '', jwksHosts: jwt.oidc.jwksHosts },
        audience,
      };
    case 'custom':
      return {
        ...common,
        provider: 'custom',
        jwksUrl: jwt.jwksUrl ?? '',
        issuer: jwt.issuer ?? '',
        audience,
      };
  }
}

/**
 * The one place the environment becomes libs/jwt-guard's options: the key source the `AUTH_*` /
 * `JWT_*` / `JWKS_*` variables describe, and the app's public URL as the challenge realm.
 * @example
 * JwtGuardModule.forRootAsync({ inject: [apiConfig.KEY], useFactory: (c: ApiConfig) => jwtGuardOptions(c) })
 */
export function jwtGuardOptions(config: ResourceServerConfig): JwtGuardModuleOptions {
  return { provider: providerSettings(config.jwt), realm: config.publicUrl };
}
