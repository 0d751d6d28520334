import { Module } from '@nestjs/common';
import { AuthSetupModule } from '../auth/auth-setup.module.js';
import { OAuthCorsHook } from './oauth-cors.hook.js';
import { OAuthDiscoveryController } from './oauth-discovery.controller.js';
import { OAuthDiscoveryService } from './oauth-discovery.service.js';

/** The authorization server's routes outside Better Auth's base path: discovery and CORS. */
@Module({
  imports: [AuthSetupModule],
  controllers: [OAuthDiscoveryController],
  providers: [OAuthDiscoveryService, OAuthCorsHook],
})
export class OAuthModule {}
