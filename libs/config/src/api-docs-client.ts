/**
 * The public OAuth client of the api's OpenAPI page (`/docs`), registered by the auth server at
 * start and named by the page's "Authorize" dialog: both apps take its id and redirect URI from here.
 */
export const API_DOCS_CLIENT_ID = 'api-docs';

/** Where Swagger UI receives the authorization code: its own `oauth2-redirect.html` under `/docs`. */
export function apiDocsRedirectUri(apiUrl: string): string {
  return `${apiUrl}/docs/oauth2-redirect.html`;
}
