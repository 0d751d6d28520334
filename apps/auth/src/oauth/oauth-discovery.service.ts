import { Inject, Injectable } from '@nestjs/common';
import {
  oauthProviderAuthServerMetadata,
  oauthProviderOpenIdConfigMetadata,
} from '@better-auth/oauth-provider';
import { authConfig, type AuthConfig } from '#config';
import type { Auth } from '../auth/auth.factory.js';
import { BETTER_AUTH } from '../auth/auth.tokens.js';
import type { DocumentAnswer } from '../well-known/document.route.js';
import { DiscoveryDocument } from './discovery.document.js';

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
  private readonly authServer: DiscoveryDocument;
  private readonly openId: DiscoveryDocument;

  constructor(@Inject(BETTER_AUTH) auth: Auth, @Inject(authConfig.KEY) config: AuthConfig) {
    const authServer = oauthProviderAuthServerMetadata(auth);
    const openId = oauthProviderOpenIdConfigMetadata(auth);
    this.authServer = new DiscoveryDocument(() =>
      authServer(new Request(`${config.baseUrl}${AUTH_SERVER_METADATA_PATH}`)),
    );
    this.openId = new DiscoveryDocument(() =>
      openId(new Request(`${config.baseUrl}${OPENID_CONFIGURATION_PATH}`)),
    );
  }

  /** `GET /.well-known/oauth-authorization-server` (304 when `ifNoneMatch` names the current copy). */
  authorizationServer(ifNoneMatch?: string): Promise<DocumentAnswer> {
    return this.authServer.answer(ifNoneMatch);
  }

  /** `GET /.well-known/openid-configuration` (304 when `ifNoneMatch` names the current copy). */
  openIdConfiguration(ifNoneMatch?: string): Promise<DocumentAnswer> {
    return this.openId.answer(ifNoneMatch);
  }
}
