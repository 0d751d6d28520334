import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Principal } from '#jwt-guard';

/** The organization the caller acts in and their role there. */
export class MeOrganizationDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ example: 'admin', description: '`owner`, `admin` or `member`' })
  role: string;
}

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

  @ApiPropertyOptional({
    description:
      'Present whenever `email` is: true only when the issuer marks the address verified (`email_verified`)',
  })
  emailVerified?: boolean;

  @ApiPropertyOptional()
  name?: string;

  @ApiProperty({ type: [String] })
  roles: string[];

  @ApiProperty({ type: [String] })
  scopes: string[];

  @ApiPropertyOptional({
    type: MeOrganizationDto,
    description: 'The active organization (`org_id`, `org_role`); absent without one',
  })
  organization?: MeOrganizationDto;
}

/** The address a caller may be written to at, once its issuer has verified it. */
export class VerifiedEmailDto {
  @ApiProperty()
  email: string;

  @ApiProperty({ enum: [true] })
  emailVerified: true;
}

/** The principal without its raw claims; the address never without its verification flag. */
export function toMe(principal: Principal): MeDto {
  const { sub, issuer, audience, provider, email, name, roles, scopes, organization } = principal;
  const emailVerified = email === undefined ? undefined : principal.emailVerified === true;
  const me = { sub, issuer, audience, provider, email, emailVerified, name, roles, scopes };
  return organization ? { ...me, organization: { ...organization } } : me;
}
