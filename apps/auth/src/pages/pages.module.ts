import { Module } from '@nestjs/common';
import { AuthSetupModule } from '../auth/auth-setup.module.js';
import { PagesController } from './pages.controller.js';
import { PagesService } from './pages.service.js';

/**
 * Server-rendered sign-in, sign-up, password reset, OAuth consent and account pages on the auth
 * server's origin, with one stylesheet and one script served by the app itself.
 */
@Module({
  imports: [AuthSetupModule],
  controllers: [PagesController],
  providers: [PagesService],
})
export class PagesModule {}
