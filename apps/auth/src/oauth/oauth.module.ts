import { Module } from '@nestjs/common';
import { AuthSetupModule } from '../auth/auth-setup.module.js';
import { ApiDocsClientSeeder } from './api-docs-client.seeder.js';
import { OAuthCorsHook } from './oauth-cors.hook.js';
import { OAuthDiscoveryRoutes } from './oauth-discovery.routes.js';
import { OAuthDiscoveryService } from './oauth-discovery.service.js';

/**
 * The authorization server's parts outside Better Auth's base path: discovery documents, CORS and
 * the OpenAPI page's client.
 */
@Module({
  imports: [AuthSetupModule],
  providers: [OAuthDiscoveryService, OAuthDiscoveryRoutes, OAuthCorsHook, ApiDocsClientSeeder],
})
export class OAuthModule {}
