import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { JwtGuardModuleOptions } from './jwt-guard.options.js';

/**
 * Injection token of the module's {@link JwtGuardModuleOptions}.
 * @example
 * constructor(@Inject(JWT_GUARD_OPTIONS) private readonly options: JwtGuardModuleOptions) {}
 */
export const JWT_GUARD_OPTIONS = Symbol('JWT_GUARD_OPTIONS');

export const { ConfigurableModuleClass } = new ConfigurableModuleBuilder<JwtGuardModuleOptions>({
  optionsInjectionToken: JWT_GUARD_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
