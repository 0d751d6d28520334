import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { apiConfig, jwtGuardOptions, type ApiConfig } from '#config';
import { DatabaseModule } from '#database';
import { JwtGuardModule } from '#jwt-guard';
import { HealthModule } from '#platform';
import { NotesModule } from '#notes';
import { HealthController } from './health/health.controller.js';
import { MeController } from './me/me.controller.js';
import { NotesController } from './notes/notes.controller.js';

/**
 * The REST resource server. Every route needs a valid bearer token (global guard) unless `@Public()`.
 * Configuration comes from `apiConfig`; tests replace it with
 * `.overrideProvider(apiConfig.KEY).useValue(loadResourceConfig('api', env))` (see test/api.harness.ts).
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [apiConfig] }),
    DatabaseModule.forRootAsync({
      inject: [apiConfig.KEY],
      useFactory: (config: ApiConfig) => config.database,
    }),
    JwtGuardModule.forRootAsync({
      inject: [apiConfig.KEY],
      useFactory: (config: ApiConfig) => jwtGuardOptions(config),
    }),
    NotesModule,
    HealthModule,
  ],
  controllers: [HealthController, MeController, NotesController],
})
export class AppModule {}
