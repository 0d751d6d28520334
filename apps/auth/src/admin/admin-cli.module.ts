import { Module } from '@nestjs/common';
import { AuthCoreModule } from '../auth/auth-core.module.js';

/**
 * What `npm run admin` needs of the auth server, configured exactly as the server is (database,
 * Redis, secret): the Better Auth instance, without HTTP.
 */
@Module({ imports: [AuthCoreModule] })
export class AdminCliModule {}
