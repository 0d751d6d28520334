import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  OAUTH_SCHEME,
  oauthScheme,
  swaggerOAuthOptions,
  withOAuthAlternative,
  type DocsOAuth,
} from './api.openapi-oauth.js';

/** Largest request body the api accepts (413 above it): a note is at most ~10 k characters. */
export const API_BODY_LIMIT = 64 * 1024;

/** Where the OpenAPI UI is served; the JSON document is at `${OPENAPI_PATH}-json`. */
export const OPENAPI_PATH = 'docs';

/**
 * Serves the OpenAPI document generated from the controllers (when first asked for) at `/docs`
 * (UI) and `/docs-json`, with bearer authentication declared, and with `oauth` the kit's auth
 * server's authorization code flow as an alternative (api.openapi-oauth.ts). Public: the routes
 * are outside the guarded controllers.
 */
export function setupOpenApi(app: INestApplication, serverUrl?: string, oauth?: DocsOAuth): void {
  const builder = new DocumentBuilder()
    .setTitle('Notes API')
    .setDescription(
      'REST resource server of the kit. Send `Authorization: Bearer <JWT>` from the auth server or the configured provider.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  if (serverUrl) builder.addServer(serverUrl);
  if (oauth) builder.addOAuth2(oauthScheme(oauth), OAUTH_SCHEME);
  const config = builder.build();
  // built at the first request for it, not at every start (the scan of the controllers costs ~40 ms)
  const document = () => SwaggerModule.createDocument(app, config);
  if (!oauth) return void SwaggerModule.setup(OPENAPI_PATH, app, document);
  SwaggerModule.setup(
    OPENAPI_PATH,
    app,
    () => withOAuthAlternative(document()),
    swaggerOAuthOptions(oauth),
  );
}
