import { HttpException, Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@thallesp/nestjs-better-auth';
import { APIError } from 'better-auth/api';

/** Metadata key written by @thallesp's `@AllowAnonymous()`. */
const PUBLIC = 'PUBLIC';

/**
 * @thallesp's global session guard, made to look at `@AllowAnonymous()` first: public routes
 * (health, JWKS, discovery) never query the session store, so they stay cheap and keep answering
 * while the database is down even when the caller sends a cookie. Better Auth errors met while
 * checking a session (a 503 while the database is down) keep their status.
 */
@Injectable()
export class SessionGuard extends AuthGuard {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic: unknown =
      Reflect.getMetadata(PUBLIC, context.getHandler()) ??
      Reflect.getMetadata(PUBLIC, context.getClass());
    if (isPublic === true) return true;
    try {
      return await super.canActivate(context);
    } catch (error) {
      if (error instanceof APIError) {
        throw new HttpException({ statusCode: error.statusCode, ...error.body }, error.statusCode);
      }
      throw error;
    }
  }
}
