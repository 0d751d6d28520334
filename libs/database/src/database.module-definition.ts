import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { DatabaseConfig } from '#config';

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN: DATABASE_OPTIONS } =
  new ConfigurableModuleBuilder<DatabaseConfig>().setClassMethodName('forRoot').build();
