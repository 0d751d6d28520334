import { Module } from '@nestjs/common';
import { AuthSetupModule } from '../auth/auth-setup.module.js';
import type { Auth } from '../auth/auth.factory.js';
import { BETTER_AUTH } from '../auth/auth.tokens.js';
import { JwksCache } from './jwks.cache.js';
import { WellKnownRoutes } from './well-known.routes.js';
import { WellKnownService } from './well-known.service.js';

/**
 * `/.well-known/*` and the in-memory key set ({@link JwksCache}) that both JWKS URLs serve. The
 * cache reads through Better Auth and drops its copy whenever Better Auth mints a key here.
 */
@Module({
  imports: [AuthSetupModule],
  providers: [
    {
      provide: JwksCache,
      inject: [BETTER_AUTH],
      useFactory: (auth: Auth) => {
        const cache = new JwksCache(() => auth.api.getJwks());
        auth.signingKeys.addEventListener('created', () => cache.invalidate());
        return cache;
      },
    },
    WellKnownService,
    WellKnownRoutes,
  ],
  exports: [JwksCache, WellKnownService],
})
export class WellKnownModule {}
