import { Global, Module } from '@nestjs/common';
import { ConfigurableModuleClass } from './database.module-definition.js';
import { PrismaService } from './prisma.service.js';

/**
 * Provides {@link PrismaService} app-wide.
 * @example DatabaseModule.forRootAsync({ inject: [apiConfig.KEY], useFactory: (c: ApiConfig) => c.database })
 */
@Global()
@Module({ providers: [PrismaService], exports: [PrismaService] })
export class DatabaseModule extends ConfigurableModuleClass {}
