import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { API_DOCS_CLIENT_ID, authConfig, type AuthConfig } from '#config';
import type { Auth } from '../auth/auth.factory.js';
import { BETTER_AUTH } from '../auth/auth.tokens.js';
import { USER_SCOPES } from '../auth/auth.claims.js';

/** Scopes the OpenAPI page may ask for. */
const DOCS_SCOPES = ['openid', 'profile', 'email', ...USER_SCOPES];

/**
 * Registers the api's OpenAPI page as a public OAuth client (authorization code + PKCE, no
 * secret, redirect URI under `API_URL/docs`), so "Authorize" on `/docs` works with no setup. Its
 * redirect URI follows `API_URL` at every start. A database that is down at start only delays it
 * to the next start: the auth server still boots.
 */
@Injectable()
export class ApiDocsClientSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('OAuthClients');

  constructor(
    @Inject(BETTER_AUTH) private readonly auth: Auth,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.seed();
    } catch (error) {
      this.logger.warn(`${API_DOCS_CLIENT_ID} client not registered: ${(error as Error).message}`);
    }
  }

  /** Creates the client, or points its redirect URI at the current `API_URL`. */
  async seed(): Promise<void> {
    const { adapter } = await this.auth.$context;
    const where = [{ field: 'clientId', value: API_DOCS_CLIENT_ID }];
    const redirectUris = [this.config.oauth.docsRedirectUri];
    const now = new Date();
    const existing = await adapter.findOne({ model: 'oauthClient', where });
    if (existing) {
      await adapter.update({
        model: 'oauthClient',
        where,
        update: { redirectUris, updatedAt: now },
      });
      return;
    }
    await adapter.create({
      model: 'oauthClient',
      data: {
        clientId: API_DOCS_CLIENT_ID,
        name: 'API reference (/docs)',
        redirectUris,
        tokenEndpointAuthMethod: 'none',
        applicationType: 'web',
        grantTypes: ['authorization_code'],
        responseTypes: ['code'],
        scopes: DOCS_SCOPES,
        requirePKCE: true,
        disabled: false,
        createdAt: now,
        updatedAt: now,
      },
    });
  }
}
