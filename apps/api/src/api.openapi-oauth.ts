import type { OpenAPIObject } from '@nestjs/swagger';
import type { SwaggerCustomOptions } from '@nestjs/swagger';
import { API_DOCS_CLIENT_ID, apiDocsRedirectUri } from '#config';
import { NOTES_SCOPE_WORDS } from '#notes';

/** Name of the OAuth 2.0 security scheme in the OpenAPI document. */
export const OAUTH_SCHEME = 'oauth2';

/** Scopes offered in the "Authorize" dialog, as the kit's auth server names them. */
const DOCS_SCOPES: Record<string, string> = {
  openid: 'Your user id',
  profile: 'Your name',
  email: 'Your email address',
  ...NOTES_SCOPE_WORDS,
};

/** Where the OpenAPI page signs in: the kit's auth server and this api's public URL. */
export interface DocsOAuth {
  /** `AUTH_URL` of the kit's auth server. */
  authUrl: string;
  /** `API_URL`: the resource tokens are asked for, and the origin of the redirect URI. */
  apiUrl: string;
}

/** The authorization code flow of the kit's auth server, as an OpenAPI security scheme. */
export function oauthScheme({ authUrl }: DocsOAuth) {
  return {
    type: 'oauth2' as const,
    description: 'Sign in on the kit’s auth server (authorization code with PKCE).',
    flows: {
      authorizationCode: {
        authorizationUrl: `${authUrl}/api/auth/oauth2/authorize`,
        tokenUrl: `${authUrl}/api/auth/oauth2/token`,
        scopes: DOCS_SCOPES,
      },
    },
  };
}

/**
 * Lets every operation that takes a bearer JWT take an OAuth token instead (security requirements
 * are alternatives), so "Authorize" with OAuth fills the same `Authorization` header.
 */
export function withOAuthAlternative(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path)) {
      const security = (operation as { security?: Record<string, string[]>[] }).security;
      if (security?.some((requirement) => 'bearer' in requirement)) {
        security.push({ [OAUTH_SCHEME]: [] });
      }
    }
  }
  return document;
}

/**
 * Swagger UI settings for the flow: the pre-registered public client, PKCE, and the api as the
 * RFC 8707 resource, so the access token is a JWT whose `aud` is this api.
 */
export function swaggerOAuthOptions({ apiUrl }: DocsOAuth): SwaggerCustomOptions {
  return {
    swaggerOptions: {
      oauth2RedirectUrl: apiDocsRedirectUri(apiUrl),
      initOAuth: {
        clientId: API_DOCS_CLIENT_ID,
        usePkceWithAuthorizationCodeGrant: true,
        scopes: Object.keys(DOCS_SCOPES),
        additionalQueryStringParams: { resource: apiUrl },
      },
      persistAuthorization: false,
    },
  };
}
