import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';

@Controller()
export class MeController {
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('me')
  @UseGuards(AuthGuard('jwt'))
  me(@Req() request: { user: { sub?: string } }) {
    return { sub: request.user.sub };
  }
}
