export { DatabaseModule } from './database.module.js';
export { DATABASE_OPTIONS } from './database.module-definition.js';
export { PrismaService } from './prisma.service.js';
export { databaseUrl } from './database.url.js';
export { isDatabaseUnavailable } from './database-errors.js';
