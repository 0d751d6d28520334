import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { apiConfig, type ApiConfig } from '#config';
import { DatabaseModule } from '#database';
import { HealthController } from './health/health.controller.js';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [apiConfig] }),
    DatabaseModule.forRootAsync({
      inject: [apiConfig.KEY],
      useFactory: (config: ApiConfig) => config.database,
    }),
  ],
  controllers: [HealthController],
})
export class AppModule {}
