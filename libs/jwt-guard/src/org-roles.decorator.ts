import { SetMetadata } from '@nestjs/common';
import { ORG_ROLES_KEY } from './jwt-guard.constants.js';
import { InsufficientScopeError } from './jwt-guard.errors.js';
import type { Principal } from './principal.js';

/**
 * The token must name an organization (`org_id`) in which the caller holds AT LEAST ONE of these
 * roles (`org_role`), else 403 `insufficient_scope`; a token without an organization is refused
 * too. Composes with `@RequireScopes` and `@Roles` (each must hold). On a handler or a controller.
 * @example @OrgRoles('owner', 'admin') @Post('invitations')
 */
export const OrgRoles = (...roles: string[]) => SetMetadata(ORG_ROLES_KEY, roles);

/**
 * The `@OrgRoles` rule: some role of the principal's organization (a comma or space list, as
 * Better Auth stores several) is one of `required`. Throws {@link InsufficientScopeError}.
 */
export function checkOrganizationRole(principal: Principal, required: string[]): void {
  const held = principal.organization?.role.split(/[\s,]+/).filter(Boolean);
  if (!held) throw new InsufficientScopeError('no organization in the token');
  if (!held.some((role) => required.includes(role))) {
    throw new InsufficientScopeError(`none of the organization roles ${required.join(', ')}`);
  }
}
