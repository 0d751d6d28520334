import { Module, type CanActivate } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwksProvider } from './jwks.provider.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';
import { ConfigurableModuleClass, JWT_GUARD_OPTIONS } from './jwt-guard.module-definition.js';
import type { JwtGuardModuleOptions } from './jwt-guard.options.js';
import { createJwksProvider } from './providers/jwks-provider.factory.js';
import { TokenVerifier } from './token.verifier.js';

const passThrough: CanActivate = { canActivate: () => true };

/**
 * JWT verification for resource servers. Binds {@link JwksProvider} (`options.jwksProvider`, or the
 * built-in key source `options.provider` names), provides {@link TokenVerifier} and
 * {@link JwtAuthGuard}, and (unless `globalGuard: false`) makes the guard global: every route needs
 * a token unless `@Public()`. Global module by default (`isGlobal: false` to scope it).
 * @example
 * JwtGuardModule.forRoot({
 *   provider: { provider: 'auth0', auth0: { domain: 'tenant.eu.auth0.com' }, audience: [apiUrl] },
 * })
 * // or from the kit's environment:
 * JwtGuardModule.forRootAsync({ inject: [apiConfig.KEY], useFactory: jwtGuardOptions })
 */
@Module({
  providers: [
    {
      provide: JwksProvider,
      inject: [JWT_GUARD_OPTIONS],
      useFactory: (options: JwtGuardModuleOptions) => {
        if (options.jwksProvider) return options.jwksProvider;
        if (!options.provider) throw new Error('JwtGuardModule needs `provider` or `jwksProvider`');
        return createJwksProvider(options.provider, options.clock);
      },
    },
    TokenVerifier,
    JwtAuthGuard,
    {
      provide: APP_GUARD,
      inject: [JWT_GUARD_OPTIONS, JwtAuthGuard],
      useFactory: (options: JwtGuardModuleOptions, guard: JwtAuthGuard) =>
        options.globalGuard === false ? passThrough : guard,
    },
  ],
  exports: [JwksProvider, TokenVerifier, JwtAuthGuard, JWT_GUARD_OPTIONS],
})
export class JwtGuardModule extends ConfigurableModuleClass {}
