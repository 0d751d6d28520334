import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from './principal.js';

/**
 * The request property the guard stores the verified {@link Principal} in.
 * @example
 * const user = request[PRINCIPAL_PROPERTY] as Principal; // in your own guard or interceptor
 */
export const PRINCIPAL_PROPERTY = 'user';

function principalOf(context: ExecutionContext): Principal | undefined {
  const request = context.switchToHttp().getRequest<Record<string, unknown>>();
  return request[PRINCIPAL_PROPERTY] as Principal | undefined;
}

/**
 * The verified caller (undefined on a `@Public()` route).
 * @example me(@CurrentUser() user: Principal) { return { sub: user.sub } }
 */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  principalOf(context),
);

/** The verified JWT payload (undefined on a `@Public()` route). */
export const Claims = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => principalOf(context)?.claims,
);
