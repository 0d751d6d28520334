import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { mcpConfig, type McpConfig } from '#config';
import { DatabaseModule } from '#database';
import { JwtGuardModule } from '#jwt-guard';
import { HealthController } from './health/health.controller.js';
import { resourceMetadataUrl } from './metadata/resource-urls.js';
import { McpModule } from './mcp/mcp.module.js';
import { McpAuthGuard } from './security/mcp-auth.guard.js';

/**
 * apps/mcp. Configuration comes from `mcpConfig` (tests override `mcpConfig.KEY` with
 * `loadResourceConfig('mcp', env)`); every route needs a token unless `@Public()` (McpAuthGuard,
 * the kit's JwtAuthGuard with `scope` in its 401 challenges).
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [mcpConfig] }),
    DatabaseModule.forRootAsync({
      inject: [mcpConfig.KEY],
      useFactory: (config: McpConfig) => config.database,
    }),
    JwtGuardModule.forRootAsync({
      inject: [mcpConfig.KEY],
      useFactory: (config: McpConfig) => ({
        jwt: config.jwt,
        realm: config.publicUrl,
        resourceMetadataUrl: resourceMetadataUrl(config.publicUrl),
        globalGuard: false, // McpAuthGuard below is the global guard
      }),
    }),
    McpModule,
  ],
  controllers: [HealthController],
  providers: [{ provide: APP_GUARD, useClass: McpAuthGuard }],
})
export class AppModule {}
