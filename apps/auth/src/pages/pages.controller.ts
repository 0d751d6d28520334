import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { AllowAnonymous } from '@thallesp/nestjs-better-auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CONSENT_PAGE, LOGIN_PAGE } from '../oauth/oauth.provider.js';
import { ACCEPT_INVITATION_PAGE } from '../organizations/organizations.plugin.js';
import { PAGES_SCRIPT } from './pages.script.js';
import { sendAsset, sendPage } from './pages.headers.js';
import { PagesService } from './pages.service.js';
import { PAGES_CSS } from './pages.stylesheet.js';

/**
 * The hosted pages on the auth server's origin. Public to the global session guard: each page
 * reads the session itself and redirects to sign-in where one is needed.
 */
@AllowAnonymous()
@Controller()
export class PagesController {
  constructor(private readonly pages: PagesService) {}

  @Get()
  async home(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    sendPage(reply, await this.pages.home(req));
  }

  // The OAuth provider sends people to these two paths with a signed query.
  @Get(LOGIN_PAGE)
  async signIn(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    sendPage(reply, await this.pages.signIn(req));
  }

  @Get('sign-up')
  async signUp(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    sendPage(reply, await this.pages.signUp(req));
  }

  @Get('forgot-password')
  forgotPassword(@Res() reply: FastifyReply) {
    sendPage(reply, this.pages.forgotPassword());
  }

  @Get('reset-password')
  resetPassword(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    sendPage(reply, this.pages.resetPassword(req));
  }

  @Get(CONSENT_PAGE)
  async consent(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    sendPage(reply, await this.pages.consent(req));
  }

  @Get('account')
  async account(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    sendPage(reply, await this.pages.account(req));
  }

  @Get('two-factor')
  twoFactor(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    sendPage(reply, this.pages.twoFactor(req));
  }

  @Post('account/two-factor')
  async startTwoFactor(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const { status, body } = await this.pages.startTwoFactor(req);
    reply.status(status).header('cache-control', 'no-store').send(body);
  }

  // Organization invitation mails link here.
  @Get(ACCEPT_INVITATION_PAGE)
  async acceptInvitation(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    sendPage(reply, await this.pages.acceptInvitation(req));
  }

  @Post('account/sessions/:id/revoke')
  async revoke(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string) {
    sendPage(reply, await this.pages.revokeSession(req, id));
  }

  @Get('assets/pages.css')
  css(@Res() reply: FastifyReply) {
    sendAsset(reply, 'text/css; charset=utf-8', PAGES_CSS);
  }

  @Get('assets/pages.js')
  js(@Res() reply: FastifyReply) {
    sendAsset(reply, 'text/javascript; charset=utf-8', PAGES_SCRIPT);
  }
}
