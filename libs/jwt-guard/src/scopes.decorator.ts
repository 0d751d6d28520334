import { SetMetadata } from '@nestjs/common';
import { ROLES_KEY, SCOPES_KEY } from './jwt-guard.constants.js';

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
