/**
 * Client ID Metadata Documents: a client whose `client_id` is an https URL is known by fetching
 * that document, from a local https stand-in (self-signed; `OAUTH_CIMD_PRIVATE_HOSTS=localhost`
 * lets the auth server reach this machine, which it refuses otherwise).
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import {
  startAuthServer,
  type AuthServer,
  type SignedUpUser,
} from '../../../test/support/auth-server.js';
import { approveAuthorization } from '../../../test/support/oauth-client.js';

const REDIRECT = 'http://127.0.0.1:47001/callback';
let auth: AuthServer;
let user: SignedUpUser;
let host: Server;
let base: string;
let certDir: string;
const fetches = new Map<string, number>();
let defaultCAs: string[] | undefined;

function doc(path: string, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    client_id: `${base}${path}`,
    client_name: 'Metadata document client',
    redirect_uris: [REDIRECT],
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    ...extra,
  });
}

beforeAll(async () => {
  certDir = await mkdtemp(join(tmpdir(), 'cimd-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(certDir, 'key.pem'),
      '-out',
      join(certDir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  host = createServer(
    {
      key: await readFile(join(certDir, 'key.pem')),
      cert: await readFile(join(certDir, 'cert.pem')),
    },
    (req, res) => {
      const path = req.url ?? '';
      fetches.set(path, (fetches.get(path) ?? 0) + 1);
      res.setHeader('content-type', 'application/json');
      if (path === '/redirect.json') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
      } else if (path === '/big.json') {
        res.end(doc(path, { padding: 'x'.repeat(20_000) }));
      } else if (path === '/other.json') {
        res.end(doc('/someone-else.json'));
      } else {
        res.end(doc(path));
      }
    },
  );
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  base = `https://localhost:${(host.address() as { port: number }).port}`;
  // The stand-in's certificate is self-signed: add it to this process's trusted roots.
  defaultCAs = getCACertificates('default');
  setDefaultCACertificates([...defaultCAs, await readFile(join(certDir, 'cert.pem'), 'utf8')]);
  auth = await startAuthServer({ OAUTH_CIMD_PRIVATE_HOSTS: 'localhost' });
  user = await auth.signUp();
});

afterAll(async () => {
  await auth?.close();
  await new Promise((resolve) => host?.close(resolve));
  if (defaultCAs) setDefaultCACertificates(defaultCAs);
  if (certDir) await rm(certDir, { recursive: true, force: true });
});

function authorize(clientId: string, challenge: string) {
  const url = new URL(`${auth.url}/api/auth/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT,
    scope: 'notes:read offline_access',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    resource: 'http://localhost:3002/mcp',
    state: 'cimd',
  }).toString();
  return url;
}

it('is advertised in both discovery documents', async () => {
  for (const path of [
    '/.well-known/oauth-authorization-server',
    '/.well-known/openid-configuration',
  ]) {
    const meta = (await (await fetch(`${auth.url}${path}`)).json()) as Record<string, unknown>;
    expect(meta.client_id_metadata_document_supported).toBe(true);
  }
});

it('signs a user in for a client known only by its document URL, fetched once and cached', async () => {
  const clientId = `${base}/client.json`;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const outcome = await approveAuthorization(auth.url, authorize(clientId, challenge), {
    email: user.user.email,
    password: user.password,
  });
  expect(outcome.consentPage?.searchParams.get('client_id')).toBe(clientId);
  expect(outcome.code).toEqual(expect.any(String));
  const res = await fetch(`${auth.url}/api/auth/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: outcome.code!,
      client_id: clientId,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    }),
  });
  const tokens = (await res.json()) as { access_token: string; refresh_token?: string };
  expect(res.status).toBe(200);
  expect(decodeJwt(tokens.access_token)).toMatchObject({ client_id: clientId, sub: user.user.id });
  expect(tokens.refresh_token).toEqual(expect.any(String));
  expect(fetches.get('/client.json')).toBe(1);
});

async function refusal(clientId: string) {
  const res = await fetch(authorize(clientId, 'x'.repeat(43)), {
    redirect: 'manual',
    headers: { cookie: user.cookie },
  });
  // An unknown client has no trusted redirect URI: the error is answered here, not redirected.
  expect(res.status).toBe(400);
  return (await res.json()) as { error: string; error_description: string };
}

it.each([
  ['a redirect', '/redirect.json', /answered 302/],
  ['an oversized document', '/big.json', /over 5120 bytes/],
  ['a document naming another client_id', '/other.json', /differs/],
])('refuses %s', async (_name, path, reason) => {
  const body = await refusal(`${base}${path}`);
  expect(body.error).toBe('invalid_client');
  expect(body.error_description).toMatch(reason);
});

it('refuses a document on a private address that is not allowed, without fetching it', async () => {
  const port = new URL(base).port;
  const body = await refusal(`https://127.0.0.1:${port}/client.json`);
  expect(body.error_description).toMatch(/not a public address/);
  expect(fetches.get('/client.json')).toBe(1);
});
