import { SetMetadata } from '@nestjs/common';
import { ROLES_KEY, SCOPES_KEY, VERIFIED_EMAIL_KEY } from './jwt-guard.constants.js';

/**
 * The token must carry ALL of these scopes, else 403 `insufficient_scope` with `scope="..."`.
 * @example @RequireScopes('notes:write')
 */
export const RequireScopes = (...scopes: string[]) => SetMetadata(SCOPES_KEY, scopes);

/**
 * The token must carry AT LEAST ONE of these roles, else 403 `insufficient_scope`.
 * @example @Roles('admin', 'org:admin')
 */
export const Roles = (...roles: string[]) => SetMetadata(ROLES_KEY, roles);

/**
 * The token must carry an `email` its issuer marks verified (`email_verified: true`), else 403 with
 * `WWW-Authenticate: Bearer error="email_not_verified"`. A token without the flag counts as
 * unverified. On a handler or a controller.
 * @example @RequireVerifiedEmail() @Post('invitations')
 */
export const RequireVerifiedEmail = () => SetMetadata(VERIFIED_EMAIL_KEY, true);
