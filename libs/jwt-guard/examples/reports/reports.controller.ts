import { Controller, Get } from '@nestjs/common';
import { CurrentUser, Public, RequireScopes, Roles, type Principal } from '#jwt-guard';

/**
 * A team's own resource: reports. Everything needs a token (the guard is global); reading needs
 * `reports:read`, the audit trail the `auditor` role.
 */
@Controller('reports')
export class ReportsController {
  /** Who is asking, as the guard saw it. */
  @Get()
  @RequireScopes('reports:read')
  list(@CurrentUser() user: Principal) {
    return { owner: user.sub, reports: [{ id: 'q3', title: 'Q3 numbers' }] };
  }

  /** Role-gated: any of the listed roles will do. */
  @Get('audit')
  @Roles('auditor')
  audit(@CurrentUser() user: Principal) {
    return { auditor: user.sub, roles: user.roles };
  }

  /** No token needed. */
  @Public()
  @Get('status')
  status() {
    return { status: 'ok' };
  }
}
