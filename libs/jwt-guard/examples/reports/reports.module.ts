import { Module, type DynamicModule } from '@nestjs/common';
import { JwtGuardModule } from '#jwt-guard';
import { ReportsController } from './reports.controller.js';

/** How the reports service finds its issuer: the team's own settings, not the kit's environment. */
export interface ReportsSettings {
  /** The identity provider's issuer (`iss`). */
  issuer: string;
  /** Its JWKS. */
  jwksUrl: string;
  /** This service's URL: the `aud` tokens must carry, and the challenge realm. */
  publicUrl: string;
}

/**
 * A team's resource server: its own module, the kit's guard configured from the team's settings
 * (any issuer with a JWKS), every route guarded unless `@Public()`.
 * @example
 * NestFactory.create(ReportsAppModule.forRoot({ issuer, jwksUrl, publicUrl }), new FastifyAdapter())
 */
@Module({})
export class ReportsAppModule {
  static forRoot(settings: ReportsSettings): DynamicModule {
    return {
      module: ReportsAppModule,
      imports: [
        JwtGuardModule.forRoot({
          provider: {
            provider: 'custom',
            issuer: settings.issuer,
            jwksUrl: settings.jwksUrl,
            audience: [settings.publicUrl],
          },
          realm: settings.publicUrl,
        }),
      ],
      controllers: [ReportsController],
    };
  }
}
