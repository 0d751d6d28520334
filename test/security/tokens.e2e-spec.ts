/**
 * Token battery: every token a verifier must refuse, sent through real HTTP to
 * both resource servers (api `GET /me`, mcp `POST /mcp`), booted with their real module graphs
 * against a JWKS served by a local issuer. Each case must be a 401 (`invalid_token`, or the plain
 * challenge when no token was presented) or, for more than one credential, a 400 `invalid_request`; never a 5xx, and none may make the server contact the
 * attacker's URL (`jku`, `x5u`, redirects).
 */
import { startApi } from '../../apps/api/test/api.harness.js';
import { startMcp } from '../../apps/mcp/test/mcp.harness.js';
import {
  challengeError,
  MCP_HEADERS,
  MCP_INITIALIZE,
  probe,
  type ProbeResult,
} from './support/http-probe.js';
import { TestIssuer } from './support/issuer.js';
import { JwksServer } from './support/jwks-server.js';
import { leaksInternals, writeResults } from './support/results.js';
import { buildTokenCorpus, type TokenCase } from './support/token-corpus.js';

const ISSUER = 'https://issuer.security.test';
const API_AUDIENCE = 'https://api.security.test';
const MCP_AUDIENCE = 'https://mcp.security.test';
/** Never contacted: Prisma connects lazily and no route of this battery reaches the database. */
const NO_DATABASE = 'postgresql://nobody@127.0.0.1:1/none';

const issuer = new TestIssuer(ISSUER);
const keys = await JwksServer.start(() => issuer.jwks());
const trap = await JwksServer.start(() => ({ keys: [] }));

const servers = {
  api: { audience: API_AUDIENCE, other: MCP_AUDIENCE },
  mcp: { audience: MCP_AUDIENCE, other: API_AUDIENCE },
} as const;
type ServerName = keyof typeof servers;

const corpora: Record<ServerName, TokenCase[]> = {
  api: await buildTokenCorpus({
    issuer,
    audience: API_AUDIENCE,
    otherAudience: MCP_AUDIENCE,
    trapOrigin: trap.origin,
  }),
  mcp: await buildTokenCorpus({
    issuer,
    audience: MCP_AUDIENCE,
    otherAudience: API_AUDIENCE,
    trapOrigin: trap.origin,
  }),
};

function env(audience: string): Record<string, string> {
  return {
    NODE_ENV: 'development',
    AUTH_PROVIDER: 'custom',
    JWKS_URL: keys.url,
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: audience,
    // RS256 stays out of the allow-list although the key set publishes an RSA key.
    JWT_ALGORITHMS: 'EdDSA,ES256',
    DATABASE_URL: NO_DATABASE,
  };
}

const running: Partial<Record<ServerName, { url: string; close(): Promise<void> }>> = {};
const observed: {
  server: ServerName;
  group: string;
  name: string;
  expect: string;
  status: number;
  error?: string;
}[] = [];

/** One request to the guarded route of a server. */
function call(server: ServerName, headers: [string, string][], query = ''): Promise<ProbeResult> {
  const base = running[server]!.url;
  return server === 'api'
    ? probe(`${base}/me${query}`, { headers })
    : probe(`${base}/mcp${query}`, {
        method: 'POST',
        headers: [...MCP_HEADERS, ...headers],
        body: MCP_INITIALIZE,
      });
}

beforeAll(async () => {
  const [api, mcp] = await Promise.all([startApi(env(API_AUDIENCE)), startMcp(env(MCP_AUDIENCE))]);
  running.api = api;
  running.mcp = mcp;
});

afterAll(async () => {
  writeResults('tokens', { jwksFetches: keys.count, trapHits: trap.hits, cases: observed });
  await Promise.all([running.api?.close(), running.mcp?.close()]);
  await Promise.all([keys.close(), trap.close()]);
});

describe.each(['api', 'mcp'] as const)('%s: tokens that must be accepted (controls)', (server) => {
  it.each(['EdDSA', 'ES256'] as const)('a valid %s token is accepted', async (alg) => {
    const res = await call(server, [
      ['Authorization', `Bearer ${issuer.token(servers[server].audience, alg)}`],
    ]);
    expect(res.status).toBe(200);
  });

  it('the Bearer scheme is case-insensitive (RFC 7235 §2.1): "bearer" with a valid token is accepted', async () => {
    const res = await call(server, [
      ['Authorization', `bearer ${issuer.token(servers[server].audience)}`],
    ]);
    expect(res.status).toBe(200);
  });
});

describe.each(['api', 'mcp'] as const)('%s: hostile tokens', (server) => {
  it.each(corpora[server].map((c) => [`${c.group}: ${c.name}`, c] as const))(
    '%s',
    async (_title, c) => {
      const res = await call(server, c.headers, c.query);
      const error = challengeError(res);
      observed.push({
        server,
        group: c.group,
        name: c.name,
        expect: c.expect,
        status: res.status,
        error,
      });

      expect(res.status).toBeLessThan(500);
      expect(leaksInternals(res.body)).toBe(false);
      if (c.expect === 'too_large') {
        // Node's HTTP parser refuses header blocks over 16 KiB before the app sees them: a 431, or a
        // reset when the client is still sending; the controls below show the server unharmed.
        if (res.status === 0) expect(['ECONNRESET', 'EPIPE']).toContain(res.body);
        else expect([401, 431]).toContain(res.status);
        if (res.status === 401) expect(error).toBe('invalid_token');
        return;
      }
      expect(res.status).not.toBe(0);
      if (c.expect === 'invalid_request') {
        expect(res.status).toBe(400);
        expect(error).toBe('invalid_request');
        return;
      }
      expect(res.status).toBe(401);
      const challenge = String(res.headers['www-authenticate'] ?? '');
      expect(challenge).toMatch(/^Bearer realm="/);
      if (server === 'mcp') expect(challenge).toContain('resource_metadata="');
      if (c.expect === 'invalid_token') expect(error).toBe('invalid_token');
      if (c.expect === 'challenge') expect(error).toBeUndefined();
      if (c.expect === 'refused') expect([undefined, 'invalid_token']).toContain(error);
    },
  );
});

describe('side effects of the whole battery', () => {
  it.each(['api', 'mcp'] as const)('%s still accepts a valid token afterwards', async (server) => {
    const res = await call(server, [
      ['Authorization', `Bearer ${issuer.token(servers[server].audience)}`],
    ]);
    expect(res.status).toBe(200);
  });

  it('never contacted the attacker server (jku, x5u, x5c, embedded jwk)', () => {
    expect(trap.hits).toEqual([]);
  });

  it('cost a bounded number of key-set fetches (unknown kids refetch at most once per cooldown)', () => {
    // Per server: the first fetch, plus at most one unknown-kid refetch in the 30 s default cooldown.
    expect(keys.count).toBeGreaterThanOrEqual(2);
    expect(keys.count).toBeLessThanOrEqual(4);
  });
});
