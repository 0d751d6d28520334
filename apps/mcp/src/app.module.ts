import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { mcpConfig, type McpConfig } from '#config';
import { DatabaseModule } from '#database';
import { HealthController } from './health/health.controller.js';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [mcpConfig] }),
    DatabaseModule.forRootAsync({
      inject: [mcpConfig.KEY],
      useFactory: (config: McpConfig) => config.database,
    }),
  ],
  controllers: [HealthController],
})
export class AppModule {}
