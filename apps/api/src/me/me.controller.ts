import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '#jwt-guard';
import { ApiErrorDto } from '../openapi/api-error.dto.js';
import { MeDto, toMe } from './me.dto.js';

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
}
