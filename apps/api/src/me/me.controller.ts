import { Controller, Get } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, RequireVerifiedEmail, type Principal } from '#jwt-guard';
import { ApiErrorDto } from '../openapi/api-error.dto.js';
import { MeDto, toMe, VerifiedEmailDto } from './me.dto.js';

/** Who the token says the caller is. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  @Get()
  @ApiOkResponse({ type: MeDto })
  @ApiUnauthorizedResponse({ type: ApiErrorDto, description: 'Missing or invalid token' })
  me(@CurrentUser() user: Principal): MeDto {
    return toMe(user);
  }

  /** An example of `@RequireVerifiedEmail()`: only an address the issuer verified is handed out. */
  @Get('email')
  @RequireVerifiedEmail()
  @ApiOkResponse({ type: VerifiedEmailDto })
  @ApiUnauthorizedResponse({ type: ApiErrorDto, description: 'Missing or invalid token' })
  @ApiForbiddenResponse({
    type: ApiErrorDto,
    description:
      'The address is not verified: `WWW-Authenticate: Bearer error="email_not_verified"`',
  })
  email(@CurrentUser() user: Principal): VerifiedEmailDto {
    return { email: user.email!, emailVerified: true };
  }
}
