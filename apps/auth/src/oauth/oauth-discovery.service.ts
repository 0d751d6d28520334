import { Inject, Injectable } from '@nestjs/common';
import {
  oauthProviderAuthServerMetadata,
  oauthProviderOpenIdConfigMetadata,
} from '@better-auth/oauth-provider';
import { authConfig, type AuthConfig } from '#config';
import type { Auth } from '../auth/auth.factory.js';
import { BETTER_AUTH } from '../auth/auth.tokens.js';

/** Root paths of the two discovery documents (the issuer has no path, so no path insertion). */
export const AUTH_SERVER_METADATA_PATH = '/.well-known/oauth-authorization-server';
export const OPENID_CONFIGURATION_PATH = '/.well-known/openid-configuration';

/**
 * RFC 8414 and OpenID Connect Discovery documents, answered by the OAuth provider plugin itself
 * (one issuer, one set of endpoints in both). Better Auth answers them only at the root, which
 * @thallesp/nestjs-better-auth does not forward, so these call the plugin's exported handlers.
 */
@Injectable()
export class OAuthDiscoveryService {
  private readonly authServer: (request: Request) => Promise<Response>;
  private readonly openId: (request: Request) => Promise<Response>;

  constructor(
    @Inject(BETTER_AUTH) auth: Auth,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {
    this.authServer = oauthProviderAuthServerMetadata(auth);
    this.openId = oauthProviderOpenIdConfigMetadata(auth);
  }

  /** `GET /.well-known/oauth-authorization-server` as a fetch `Response`. */
  authorizationServer(): Promise<Response> {
    return this.authServer(new Request(`${this.config.baseUrl}${AUTH_SERVER_METADATA_PATH}`));
  }

  /** `GET /.well-known/openid-configuration` as a fetch `Response`. */
  openIdConfiguration(): Promise<Response> {
    return this.openId(new Request(`${this.config.baseUrl}${OPENID_CONFIGURATION_PATH}`));
  }
}
