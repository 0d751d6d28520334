import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { jwtGuardOptions, mcpConfig, type McpConfig } from '#config';
import { DatabaseModule } from '#database';
import { JwtGuardModule } from '#jwt-guard';
import { HealthModule } from '#platform';
import { HealthController } from './health/health.controller.js';
import { resourceMetadataUrl } from './metadata/resource-urls.js';
import { McpModule } from './mcp/mcp.module.js';
import { SUPPORTED_SCOPES } from './mcp/mcp.scopes.js';

/**
 * apps/mcp. Configuration comes from `mcpConfig` (tests override `mcpConfig.KEY` with
 * `loadResourceConfig('mcp', env)`); every route needs a token unless `@Public()` (the kit's global
 * JwtAuthGuard, with `scope` and `resource_metadata` in its 401 challenges).
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
        ...jwtGuardOptions(config),
        resourceMetadataUrl: resourceMetadataUrl(config.publicUrl),
        // The MCP authorization spec: a 401 names the scopes this server needs.
        challengeScopes: [...SUPPORTED_SCOPES],
      }),
    }),
    McpModule,
    HealthModule,
  ],
  controllers: [HealthController],
})
export class AppModule {}
