import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthModule } from '@thallesp/nestjs-better-auth';
import { authConfig, type AuthConfig } from '#config';
import { HealthModule } from '#platform';
import { AuthCoreModule } from './auth/auth-core.module.js';
import { AuthSetupModule } from './auth/auth-setup.module.js';
import { PagesModule } from './pages/pages.module.js';
import type { Auth } from './auth/auth.factory.js';
import { createAuthHttpMiddleware } from './auth/auth.http.js';
import { clientAddressResolver } from './auth/client-address.js';
import { SessionGuard } from './auth/session.guard.js';
import { BETTER_AUTH } from './auth/auth.tokens.js';
import { HealthController } from './health/health.controller.js';
import { JwksCache } from './well-known/jwks.cache.js';
import { serveJwksFromMemory } from './well-known/jwks.http.js';
import { WellKnownModule } from './well-known/well-known.module.js';
import { withOAuthCors } from './oauth/oauth-cors.js';
import { OAuthModule } from './oauth/oauth.module.js';
import { WellKnownService } from './well-known/well-known.service.js';

/**
 * The auth server: Better Auth under `/api/auth/*` (mounted by @thallesp/nestjs-better-auth), the
 * JWKS and discovery documents under `/.well-known/*`, and health checks; the hosted pages come
 * from {@link PagesModule}. A global {@link SessionGuard} requires a Better Auth session on every
 * other route unless `@AllowAnonymous()`.
 */
@Module({
  imports: [
    AuthCoreModule,
    WellKnownModule,
    PagesModule,
    HealthModule,
    AuthModule.forRootAsync({
      imports: [AuthSetupModule, WellKnownModule],
      inject: [BETTER_AUTH, authConfig.KEY, JwksCache, WellKnownService],
      disableGlobalAuthGuard: true, // SessionGuard below replaces it
      useFactory: (
        auth: Auth,
        config: AuthConfig,
        keys: JwksCache,
        wellKnown: WellKnownService,
      ) => ({
        auth,
        // outermost first: OAuth CORS, then GET /api/auth/jwks from memory (Better Auth would read
        // the key table), then the HTTP middleware (auth.layers.ts lists the rest)
        middleware: withOAuthCors(
          serveJwksFromMemory(
            keys,
            wellKnown.jwksCacheControl,
            createAuthHttpMiddleware(clientAddressResolver(config.trustedProxies)),
          ),
        ),
      }),
    }),
    OAuthModule,
  ],
  controllers: [HealthController],
  providers: [{ provide: APP_GUARD, useClass: SessionGuard }],
})
export class AppModule {}
