import { Inject, Injectable, Logger } from '@nestjs/common';
import { fromNodeHeaders } from 'better-auth/node';
import type { FastifyRequest } from 'fastify';
import { authConfig, type AuthConfig } from '#config';
import type { Auth } from '../auth/auth.factory.js';
import { BETTER_AUTH } from '../auth/auth.tokens.js';
import { describeDevice, formatTime } from './pages.device.js';
import { isSameOriginPost, type PageResult } from './pages.headers.js';
import { safeRedirect } from './pages.redirect.js';
import { describeScopes } from './pages.scopes.js';
import { accountPage } from './pages.account.view.js';
import { consentPage } from './pages.consent.view.js';
import { acceptInvitationPage } from './pages.organizations.view.js';
import * as views from './pages.views.js';
import { loginProviders } from '../auth/social.providers.js';
import { twoFactorPage, twoFactorSetupFragment } from './pages.two-factor.view.js';
import { enableTwoFactor, listPasskeys } from './pages.two-factor.js';

type Query = Record<string, string | string[] | undefined>;

const single = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/**
 * Builds the hosted pages. Every answer about a person comes from Better Auth's own API called
 * with the browser's headers (its cookie), never from a second reading of the session tables.
 */
@Injectable()
export class PagesService {
  private readonly logger = new Logger('Pages');

  constructor(
    @Inject(BETTER_AUTH) private readonly auth: Auth,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  async home(req: FastifyRequest): Promise<PageResult> {
    return { redirect: (await this.session(req)) ? '/account' : '/sign-in' };
  }

  async signIn(req: FastifyRequest): Promise<PageResult> {
    const carry = this.carryThrough(req);
    // A pending OAuth request (even with a session: `prompt=login`) always gets the form.
    if (!carry.oauthPending && (await this.session(req))) return { redirect: carry.redirect };
    return { html: views.signInPage(carry) };
  }

  async signUp(req: FastifyRequest): Promise<PageResult> {
    const carry = this.carryThrough(req);
    if (!carry.oauthPending && (await this.session(req))) return { redirect: carry.redirect };
    return { html: views.signUpPage(carry) };
  }

  forgotPassword(): PageResult {
    // The mailed link goes through Better Auth, which then redirects to this absolute URL.
    return { html: views.forgotPasswordPage(new URL('/reset-password', this.config.baseUrl).href) };
  }

  resetPassword(req: FastifyRequest): PageResult {
    const query = req.query as Query;
    // Better Auth's mailed link redirects here with `?token=` or, when spent, `?error=INVALID_TOKEN`.
    const token = single(query.token);
    const valid = token && !single(query.error) && /^[A-Za-z0-9_-]{1,200}$/.test(token);
    return views.resetPasswordPage(valid ? token : undefined);
  }

  async consent(req: FastifyRequest): Promise<PageResult> {
    const query = req.query as Query;
    const clientId = single(query.client_id);
    const redirectUri = single(query.redirect_uri);
    if (!clientId || !redirectUri || !single(query.sig)) {
      return views.problemPage(
        'Nothing to allow',
        'This page is only reached from an application asking for access.',
      );
    }
    const session = await this.session(req);
    if (!session) return { redirect: `/sign-in${this.search(req)}` };
    const client = await this.publicClient(clientId, req);
    let redirectHost: string;
    try {
      redirectHost = new URL(redirectUri).host;
    } catch {
      redirectHost = '';
    }
    if (!client || !redirectHost) {
      return views.problemPage(
        'Unknown application',
        'This request names an application this server does not know. Go back to it and start again.',
      );
    }
    return {
      html: consentPage({
        clientName: client.client_name || clientId,
        redirectHost,
        scopes: describeScopes(single(query.scope)),
        userEmail: session.user.email,
      }),
    };
  }

  async account(req: FastifyRequest): Promise<PageResult> {
    const session = await this.session(req);
    if (!session) return { redirect: '/sign-in?redirect=%2Faccount' };
    const sessions = await this.listSessions(req);
    const activeOrganization = (session.session as { activeOrganizationId?: string | null })
      .activeOrganizationId;
    const organizations = (await this.listOrganizations(req)).map((o) => ({
      id: o.id,
      name: o.name,
      slug: o.slug,
      active: o.id === activeOrganization,
    }));
    return {
      html: accountPage({
        twoFactorEnabled:
          (session.user as { twoFactorEnabled?: boolean | null }).twoFactorEnabled === true,
        passkeys: await listPasskeys(this.auth, this.headers(req)),
        name: session.user.name,
        email: session.user.email,
        organizations,
        notice: single((req.query as Query).notice),
        sessions: sessions
          .map((s) => ({
            id: s.id,
            device: describeDevice(s.userAgent),
            address: s.ipAddress || 'unknown address',
            started: formatTime(s.createdAt),
            current: s.id === session.session.id,
            at: new Date(s.createdAt).getTime(),
          }))
          .sort((a, b) => Number(b.current) - Number(a.current) || b.at - a.at),
      }),
    };
  }

  /** The "Code" page a password sign-in continues to when the account has two-factor on. */
  twoFactor(req: FastifyRequest): PageResult {
    return { html: twoFactorPage(this.carryThrough(req)) };
  }

  /**
   * `POST /account/two-factor` (JSON `{password}`, from the account page's script): starts the
   * set-up through Better Auth and answers the server-rendered step (QR code, key, backup codes).
   */
  async startTwoFactor(req: FastifyRequest): Promise<{ status: number; body: object }> {
    if (!isSameOriginPost(req, this.config.baseUrl)) {
      return {
        status: 403,
        body: { code: 'CROSS_SITE', message: 'This form must be sent from this site.' },
      };
    }
    const result = await enableTwoFactor(this.auth, this.headers(req), req.body);
    if ('error' in result) return { status: result.status, body: result.error };
    return { status: 200, body: { html: twoFactorSetupFragment(result).value } };
  }

  /** `POST /account/sessions/:id/revoke`: signs out one of the caller's own sessions. */
  async revokeSession(req: FastifyRequest, id: string): Promise<PageResult> {
    if (!isSameOriginPost(req, this.config.baseUrl)) {
      return views.problemPage('Request refused', 'This form must be sent from this site.', 403);
    }
    if (!(await this.session(req))) return { redirect: '/sign-in?redirect=%2Faccount' };
    // Sessions are listed and revoked by id: their tokens never leave Better Auth.
    const target = (await this.listSessions(req)).find((s) => s.id === id);
    if (target) {
      await this.auth.api.revokeSessionById({ headers: this.headers(req), body: { id } });
    }
    return { redirect: target ? '/account?notice=session-revoked' : '/account' };
  }

  /**
   * `GET /accept-invitation?id=`: the pending invitation, as Better Auth shows it to the invited
   * address's own session; anyone else (another account, a spent link) gets the same problem page.
   */
  async acceptInvitation(req: FastifyRequest): Promise<PageResult> {
    const id = single((req.query as Query).id);
    if (!id || !/^[A-Za-z0-9_-]{1,200}$/.test(id)) {
      return views.problemPage('No invitation', 'This link does not name an invitation.', 400);
    }
    if (!(await this.session(req))) {
      const back = `/accept-invitation?id=${encodeURIComponent(id)}`;
      return { redirect: `/sign-in?redirect=${encodeURIComponent(back)}` };
    }
    try {
      const invitation = await this.auth.api.getInvitation({
        query: { id },
        headers: this.headers(req),
      });
      return {
        html: acceptInvitationPage({
          id,
          organizationName: invitation.organizationName,
          inviterEmail: invitation.inviterEmail,
          role: invitation.role,
        }),
      };
    } catch {
      return views.problemPage(
        'Invitation not available',
        'This invitation has expired, was already answered, or was sent to another address. Sign in with the invited address, or ask for a new invitation.',
        404,
      );
    }
  }

  private async listOrganizations(req: FastifyRequest) {
    try {
      return await this.auth.api.listOrganizations({ headers: this.headers(req) });
    } catch (error) {
      this.logger.warn(`organization list failed: ${(error as Error).message}`);
      return [];
    }
  }

  private headers(req: FastifyRequest): Headers {
    return fromNodeHeaders(req.headers);
  }

  private async session(req: FastifyRequest) {
    try {
      return await this.auth.api.getSession({ headers: this.headers(req) });
    } catch (error) {
      this.logger.warn(`session lookup failed: ${(error as Error).message}`);
      return null;
    }
  }

  private async listSessions(req: FastifyRequest) {
    try {
      return await this.auth.api.listSessions({ headers: this.headers(req) });
    } catch {
      return []; // e.g. a session older than Better Auth's freshness window
    }
  }

  /** The client's public fields (name, URIs) through the OAuth provider plugin; null if unknown. */
  private async publicClient(clientId: string, req: FastifyRequest) {
    try {
      return await this.auth.api.getOAuthClientPublic({
        query: { client_id: clientId },
        headers: this.headers(req),
      });
    } catch {
      return null;
    }
  }

  private search(req: FastifyRequest): string {
    const at = req.url.indexOf('?');
    return at === -1 ? '' : req.url.slice(at);
  }

  private carryThrough(req: FastifyRequest): views.CarryThrough {
    const query = req.query as Query;
    return {
      redirect: safeRedirect(
        single(query.redirect),
        this.config.baseUrl,
        this.config.trustedOrigins,
      ),
      search: this.search(req),
      notice: single(query.notice),
      oauthPending: Boolean(single(query.sig) && single(query.client_id)),
      providers: loginProviders(this.config.social),
      error: single(query.error),
    };
  }
}
