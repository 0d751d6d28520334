import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { authConfig, type AuthConfig } from '#config';
import { DatabaseModule } from '#database';
import { AuthSetupModule } from '../auth/auth-setup.module.js';

/**
 * What `npm run admin` needs of the auth server, configured exactly as the server is (database,
 * Redis, secret): the Better Auth instance, without HTTP.
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [authConfig] }),
    DatabaseModule.forRootAsync({
      inject: [authConfig.KEY],
      useFactory: (config: AuthConfig) => config.database,
    }),
    AuthSetupModule,
  ],
})
export class AdminCliModule {}
