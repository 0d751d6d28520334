/**
 * Request headers the resource servers must judge from what was really sent, over real TCP sockets
 * (raw HTTP written byte for byte: fetch and supertest merge headers of the same name):
 * - more than one `Authorization` header: Node keeps only the first in `request.headers`, so a
 *   valid first token hid anything after it. Now 400 `invalid_request` (RFC 6750 §3.1) on api and
 *   mcp, also when the first token is one the guard verified before (its fast path);
 * - apps/mcp bound to all interfaces (`HOST=0.0.0.0`) still checks `Origin`: MCP_URL's origin and
 *   `MCP_ALLOWED_ORIGINS` pass, requests without `Origin` pass, any other origin is a 403.
 */
import { startApi, type StartedApi } from '../../apps/api/test/api.harness.js';
import { startMcp, type StartedMcp } from '../../apps/mcp/test/mcp.harness.js';
import { MCP_HEADERS, MCP_INITIALIZE } from './support/http-probe.js';
import { attackerKey, signCompact, TestIssuer } from './support/issuer.js';
import { JwksServer } from './support/jwks-server.js';
import { rawHttp, type RawAnswer } from './support/raw-socket.js';

const ISSUER = 'https://issuer.headers.test';
const API_AUDIENCE = 'https://api.headers.test';
const MCP_URL = 'https://mcp.headers.test';
const APP_ORIGIN = 'https://app.headers.test';
/** Never contacted: no route used here reaches the database. */
const NO_DATABASE = 'postgresql://nobody@127.0.0.1:1/none';

const issuer = new TestIssuer(ISSUER);
let keys: JwksServer;
let api: StartedApi;
let mcp: StartedMcp;

const env = (audience: string) => ({
  AUTH_PROVIDER: 'custom',
  JWKS_URL: keys.url,
  JWT_ISSUER: ISSUER,
  JWT_AUDIENCE: audience,
  DATABASE_URL: NO_DATABASE,
});

beforeAll(async () => {
  keys = await JwksServer.start(() => issuer.jwks());
  [api, mcp] = await Promise.all([
    startApi(env(API_AUDIENCE)),
    startMcp({
      ...env(MCP_URL),
      HOST: '0.0.0.0',
      MCP_URL,
      MCP_ALLOWED_ORIGINS: APP_ORIGIN,
    }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([api?.close(), mcp?.close()]);
  await keys?.close();
});

const servers = {
  api: {
    audience: API_AUDIENCE,
    send: (headers: [string, string][]) => rawHttp(api.url, { path: '/me', headers }),
  },
  mcp: {
    audience: MCP_URL,
    send: (headers: [string, string][]) =>
      rawHttp(mcp.url, {
        method: 'POST',
        path: '/mcp',
        headers: [...MCP_HEADERS, ...headers],
        body: MCP_INITIALIZE,
      }),
  },
} as const;

const challenge = (res: RawAnswer) => (res.headers['www-authenticate'] ?? []).join(', ');

describe.each(['api', 'mcp'] as const)('%s: several Authorization headers', (name) => {
  const { audience, send } = servers[name];
  const valid = () => `Bearer ${issuer.token(audience)}`;
  const forged = () => `Bearer ${signCompact(attackerKey(), issuer.claims(audience))}`;

  function expectInvalidRequest(res: RawAnswer) {
    expect(res.status).toBe(400);
    expect(challenge(res)).toMatch(/^Bearer realm="[^"]+", error="invalid_request"/);
    expect(challenge(res)).toContain('error_description="more than one Authorization header"');
    if (name === 'mcp') expect(challenge(res)).toContain('resource_metadata="');
    expect(res.json).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'more than one Authorization header',
    });
  }

  it('accepts one valid Authorization header (control)', async () => {
    const res = await send([['Authorization', valid()]]);
    expect(res.status).toBe(200);
  });

  it.each([
    ['valid first, forged second', () => [valid(), forged()]],
    ['forged first, valid second', () => [forged(), valid()]],
    ['the same valid token twice', () => [valid(), valid()].map((_, i, a) => a[0])],
    ['valid first, empty second', () => [valid(), '']],
    ['valid first, Basic second', () => [valid(), 'Basic dXNlcjpwYXNz']],
  ])('answers %s with 400 invalid_request', async (_case, values) => {
    const res = await send(values().map((value) => ['Authorization', value] as [string, string]));
    expectInvalidRequest(res);
  });

  it('counts header names case-insensitively', async () => {
    expectInvalidRequest(
      await send([
        ['authorization', valid()],
        ['AUTHORIZATION', valid()],
      ]),
    );
  });

  it('refuses a second header after a token the guard verified before (its cached fast path)', async () => {
    const token = valid();
    expect((await send([['Authorization', token]])).status).toBe(200);
    expect((await send([['Authorization', token]])).status).toBe(200); // from the cache
    expectInvalidRequest(
      await send([
        ['Authorization', token],
        ['Authorization', forged()],
      ]),
    );
    expect((await send([['Authorization', token]])).status).toBe(200);
  });
});

describe('mcp bound to 0.0.0.0: the Origin check stays on', () => {
  const token = () => issuer.token(MCP_URL);
  const post = (origin?: string) =>
    servers.mcp.send([
      ['Authorization', `Bearer ${token()}`],
      ...(origin === undefined ? [] : [['Origin', origin] as [string, string]]),
    ]);

  it('serves requests without Origin (non-browser MCP clients)', async () => {
    expect(mcp.config.host).toBe('0.0.0.0');
    expect((await post()).status).toBe(200);
  });

  it.each([MCP_URL, APP_ORIGIN])('serves the allowed origin %s', async (origin) => {
    expect((await post(origin)).status).toBe(200);
  });

  it.each([
    'https://evil.example',
    'http://localhost:6274', // MCP_URL is not a loopback URL here
    'null',
    `${APP_ORIGIN}.evil.example`,
    MCP_URL.replace('https:', 'http:'),
  ])('refuses Origin %s with 403 before authentication', async (origin) => {
    const res = await post(origin);
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ statusCode: 403, message: 'Origin header not allowed' });
    const anonymous = await rawHttp(mcp.url, {
      path: '/health/live',
      headers: [['Origin', origin]],
    });
    expect(anonymous.status).toBe(403);
  });

  it('answers any Host (the name is the proxy’s business once reachable)', async () => {
    const res = await rawHttp(mcp.url, {
      path: '/health/live',
      headers: [],
      host: 'mcp.internal.example:3002',
    });
    expect(res.status).toBe(200);
  });
});
