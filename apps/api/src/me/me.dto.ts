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
