/**
 * The api's OpenAPI page signs in with the kit's auth server: the pre-registered public client
 * `api-docs`, authorization code with PKCE, a JWT for the api, accepted by the api.
 */
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { API_DOCS_CLIENT_ID, apiConfig, apiDocsRedirectUri } from '#config';
import {
  startAuthServer,
  type AuthServer,
  type SignedUpUser,
} from '../../../test/support/auth-server.js';
import { approveAuthorization } from '../../../test/support/oauth-client.js';
import {
  startResourceServer,
  type StartedResourceServer,
} from '../../../test/support/resource-server.js';
import { API_BODY_LIMIT, setupOpenApi } from '../../api/src/api.setup.js';
import { AppModule as ApiModule } from '../../api/src/app.module.js';

const API_URL = 'http://localhost:3000';
let auth: AuthServer;
let api: StartedResourceServer;
let apiBase: string;
let user: SignedUpUser;

beforeAll(async () => {
  auth = await startAuthServer({ API_URL });
  api = await startResourceServer({
    module: ApiModule,
    app: 'api',
    configKey: apiConfig.KEY,
    env: { AUTH_URL: auth.url, DATABASE_URL: auth.databaseUrl, API_URL },
    adapterOptions: { bodyLimit: API_BODY_LIMIT },
    beforeListen: (app) => setupOpenApi(app, undefined, { authUrl: auth.url, apiUrl: API_URL }),
    listen: () => ({ port: 0, host: '127.0.0.1' }),
  });
  apiBase = `http://127.0.0.1:${api.port}`;
  user = await auth.signUp();
});
afterAll(async () => {
  await api?.close();
  await auth?.close();
});

it('declares the authorization code flow of the auth server, next to bearer JWTs', async () => {
  const doc = (await (await fetch(`${apiBase}/docs-json`)).json()) as {
    components: {
      securitySchemes: Record<string, { flows?: Record<string, Record<string, string>> }>;
    };
    paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
  };
  expect(doc.components.securitySchemes.oauth2.flows?.authorizationCode).toMatchObject({
    authorizationUrl: `${auth.url}/api/auth/oauth2/authorize`,
    tokenUrl: `${auth.url}/api/auth/oauth2/token`,
  });
  expect(doc.paths['/me'].get.security).toEqual(
    expect.arrayContaining([{ bearer: [] }, { oauth2: [] }]),
  );
  const init = await (await fetch(`${apiBase}/docs/swagger-ui-init.js`)).text();
  expect(init).toContain(`"clientId": "${API_DOCS_CLIENT_ID}"`);
  expect(init).toContain('"usePkceWithAuthorizationCodeGrant": true');
  expect(init).toContain(apiDocsRedirectUri(API_URL));
  expect((await fetch(`${apiBase}/docs/oauth2-redirect.html`)).status).toBe(200);
});

it('"Authorize" gets a JWT for the api that the api accepts', async () => {
  const verifier = randomBytes(32).toString('base64url');
  const redirectUri = apiDocsRedirectUri(API_URL);
  // What Swagger UI sends: its client id, PKCE S256, and the api as resource (initOAuth).
  const authorize = new URL(`${auth.url}/api/auth/oauth2/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: API_DOCS_CLIENT_ID,
    redirect_uri: redirectUri,
    scope: 'openid notes:read notes:write',
    state: 'docs',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    resource: API_URL,
  }).toString();
  const { code, redirect } = await approveAuthorization(auth.url, authorize, {
    email: user.user.email,
    password: user.password,
  });
  expect(redirect.origin + redirect.pathname).toBe(redirectUri);
  // Swagger UI's token request, from the page's origin, without `resource`.
  const res = await fetch(`${auth.url}/api/auth/oauth2/token`, {
    method: 'POST',
    headers: { origin: API_URL, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: code!,
      client_id: API_DOCS_CLIENT_ID,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  const { access_token: token } = (await res.json()) as { access_token: string };
  expect(decodeJwt(token).aud).toContain(API_URL);
  const me = await fetch(`${apiBase}/me`, { headers: { authorization: `Bearer ${token}` } });
  expect(me.status).toBe(200);
  expect(await me.json()).toMatchObject({ sub: user.user.id });
});
