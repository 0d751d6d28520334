export { AllExceptionsFilter } from './all-exceptions.filter.js';
export { configureApp, createApp, type CreateAppOptions } from './create-app.js';
export { HealthModule } from './health/health.module.js';
export {
  ReadinessService,
  type ReadinessProbe,
  type ReadinessReport,
} from './health/readiness.service.js';
