import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Principal } from '#jwt-guard';

/** The caller's identity as the token states it (the raw claims are not echoed). */
export class MeDto {
  @ApiProperty({ description: 'The user id at the issuer (`sub`)' })
  sub: string;

  @ApiProperty()
  issuer: string;

  @ApiProperty({ type: [String] })
  audience: string[];

  @ApiProperty({ example: 'local', description: 'The key provider that vouched for the token' })
  provider: string;

  @ApiPropertyOptional()
  email?: string;

  @ApiPropertyOptional()
  emailVerified?: boolean;

  @ApiPropertyOptional()
  name?: string;

  @ApiProperty({ type: [String] })
  roles: string[];

  @ApiProperty({ type: [String] })
  scopes: string[];
}

/** The principal without its raw claims. */
export function toMe(principal: Principal): MeDto {
  const { sub, issuer, audience, provider, email, emailVerified, name, roles, scopes } = principal;
  return { sub, issuer, audience, provider, email, emailVerified, name, roles, scopes };
}

/** JSON of {@link toMe} by principal; an entry lives no longer than the principal object it belongs to. */
const serialized = new WeakMap<Principal, string>();

/**
 * The JSON body of {@link toMe} for `principal`. The guard hands the same frozen principal to every
 * request carrying a cached token, so the body is built once per verified principal.
 */
export function serializedMe(principal: Principal): string {
  let body = serialized.get(principal);
  if (body === undefined) {
    body = JSON.stringify(toMe(principal));
    if (Object.isFrozen(principal)) serialized.set(principal, body);
  }
  return body;
}
