import { Controller, Get, Header, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { PRINCIPAL_PROPERTY, type GuardedRequest, type Principal } from '#jwt-guard';
import { ApiErrorDto } from '../openapi/api-error.dto.js';
import { MeDto, serializedMe } from './me.dto.js';

/** Who the token says the caller is. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  /**
   * Reads the principal the guard put on the request (`@Req()` rather than `@CurrentUser()`: a
   * custom parameter goes through the global pipes on every request) and answers its JSON, which
   * is serialized once per verified principal (see {@link serializedMe}).
   */
  @Get()
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOkResponse({ type: MeDto })
  @ApiUnauthorizedResponse({ type: ApiErrorDto, description: 'Missing or invalid token' })
  me(@Req() request: GuardedRequest): string {
    return serializedMe(request[PRINCIPAL_PROPERTY] as Principal);
  }
}
