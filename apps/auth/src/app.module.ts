import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { authConfig, type AuthConfig } from '#config';
import { DatabaseModule } from '#database';
import { HealthController } from './health/health.controller.js';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [authConfig] }),
    DatabaseModule.forRootAsync({
      inject: [authConfig.KEY],
      useFactory: (config: AuthConfig) => config.database,
    }),
  ],
  controllers: [HealthController],
})
export class AppModule {}
