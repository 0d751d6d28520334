import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { mcpConfig, type McpConfig } from '#config';
import { DatabaseModule } from '#database';
import { JwtGuardModule } from '#jwt-guard';
import { HealthController } from './health/health.controller.js';
import { resourceMetadataUrl } from './metadata/resource-urls.js';
import { McpModule } from './mcp/mcp.module.js';

/**
 * apps/mcp. Configuration comes from `mcpConfig` (tests override `mcpConfig.KEY` with
 * `loadResourceConfig('mcp', env)`); every route needs a token unless `@Public()`.
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
      }),
    }),
    McpModule,
  ],
  controllers: [HealthController],
})
export class AppModule {}
