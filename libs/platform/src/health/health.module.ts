import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ReadinessService } from './readiness.service.js';

/**
 * Readiness through @nestjs/terminus for the kit's apps: import it, inject {@link ReadinessService}
 * in the app's health controller and give it the app's probes (database, keys, ...).
 */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  providers: [ReadinessService],
  exports: [ReadinessService],
})
export class HealthModule {}
