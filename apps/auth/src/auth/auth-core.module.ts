import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { authConfig, type AuthConfig } from '#config';
import { DatabaseModule } from '#database';
import { AuthSetupModule } from './auth-setup.module.js';

/**
 * What the auth server and `npm run admin` share, configured the same way: the validated
 * configuration and the database (both global), and the Better Auth instance ({@link AuthSetupModule}).
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
  exports: [AuthSetupModule],
})
export class AuthCoreModule {}
