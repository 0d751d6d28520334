import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type GenerateKeyPairResult,
  type JWK,
  type JWTPayload,
} from 'jose';

/** Algorithms a test issuer can sign with. */
export type SigningAlgorithm = 'EdDSA' | 'ES256' | 'ES384' | 'RS256' | 'PS256';

/** How the key endpoint misbehaves (`ok` = normal). */
export type FaultMode =
  'ok' | 'down' | 'reset' | 'slow' | 'garbage' | 'redirect' | 'huge' | 'huge-chunked';

/** One signing key of a test issuer. */
export interface TestSigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: GenerateKeyPairResult['privateKey'];
  publicJwk: JWK;
}

/** How to mint one token. */
export interface MintOptions {
  /** Extra or replaced protected-header fields (`undefined` removes one, e.g. `{ kid: undefined }`). */
  header?: Record<string, unknown>;
  /** Sign with this key instead of the current one (e.g. a key never published). */
  key?: TestSigningKey;
  /** Lifetime in seconds from `now` (default 300); ignored when the claims set `exp`. */
  expiresInS?: number;
  /** Issue time in seconds (default: the real clock). */
  nowS?: number;
  /** Claims to delete from the defaults (e.g. `['exp']`). */
  omit?: string[];
}

export interface IssuerServerOptions {
  alg?: SigningAlgorithm;
  /** Makes key ids in the provider's style. */
  kid?: () => string;
  /** Where the JWKS is served. Default `/.well-known/jwks.json`. */
  jwksPath?: string;
  /** An OIDC discovery document, given the base URL (served at `/.well-known/openid-configuration`). */
  discovery?: (baseUrl: string) => Record<string, unknown>;
  /** Extra JWKS members that are not ours (e.g. an HMAC key, to prove they are ignored). */
  extraJwks?: JWK[];
}

/**
 * A real HTTP issuer on 127.0.0.1:<free port>: serves a JWKS (and optionally discovery), signs
 * tokens, rotates keys, and can be made to misbehave (down, slow, garbage, redirect, huge).
 */
export interface IssuerServer {
  baseUrl: string;
  jwksUrl: string;
  /** The key tokens are signed with now. */
  readonly current: TestSigningKey;
  /** Every key currently published. */
  readonly published: TestSigningKey[];
  /** JWKS requests served (any mode). */
  readonly fetchCount: number;
  /** Discovery requests served. */
  readonly discoveryCount: number;
  /** Requests to the redirect target (must stay 0: redirects are not followed). */
  readonly redirectTargetHits: number;
  setFault(mode: FaultMode): void;
  /** Signs `claims` as given (no defaults added) with the current key unless `options.key`. */
  sign(claims: JWTPayload, options?: MintOptions): Promise<string>;
  /** New signing key; the old one stays published unless `keepOld` is false. */
  rotate(options?: { keepOld?: boolean }): Promise<TestSigningKey>;
  /** A key of the same algorithm that is never published. */
  unpublishedKey(): Promise<TestSigningKey>;
  close(): Promise<void>;
}

export async function makeSigningKey(alg: SigningAlgorithm, kid: string): Promise<TestSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicJwk };
}

export const randomKid = () => randomBytes(12).toString('base64url');
export const x509StyleKid = () => randomBytes(20).toString('hex');

/** Builds a token's claims: defaults, then overrides, then omissions. */
export function claimsWith(
  defaults: JWTPayload,
  overrides: JWTPayload | undefined,
  omit: string[] = [],
): JWTPayload {
  const claims: JWTPayload = { ...defaults, ...overrides };
  for (const name of omit) delete claims[name];
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return claims;
}

export async function startIssuerServer(options: IssuerServerOptions = {}): Promise<IssuerServer> {
  const alg = options.alg ?? 'RS256';
  const makeKid = options.kid ?? randomKid;
  const jwksPath = options.jwksPath ?? '/.well-known/jwks.json';
  let published = [await makeSigningKey(alg, makeKid())];
  let current = published[0];
  let mode: FaultMode = 'ok';
  let fetchCount = 0;
  let discoveryCount = 0;
  let redirectTargetHits = 0;
  let baseUrl = '';

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/redirect-target') {
      redirectTargetHits++;
      return json(response, { keys: published.map((k) => k.publicJwk) });
    }
    const isJwks = path === jwksPath;
    const isDiscovery = !!options.discovery && path === '/.well-known/openid-configuration';
    if (!isJwks && !isDiscovery) return json(response, { error: 'not_found' }, 404);
    if (isJwks) fetchCount++;
    else discoveryCount++;
    switch (mode) {
      case 'down':
        return json(response, { error: 'unavailable' }, 503);
      case 'reset':
        return request.socket.destroy();
      case 'slow':
        return; // never answers; closed by close()
      case 'garbage':
        response.writeHead(200, { 'content-type': 'text/html' });
        return response.end('<html>502 Bad Gateway</html>');
      case 'redirect':
        response.writeHead(302, { location: `${baseUrl}/redirect-target` });
        return response.end();
      case 'huge':
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end(`{"keys":[],"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`);
      case 'huge-chunked': {
        // No content-length: only a streaming cap stops it.
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"keys":[],"pad":"');
        const chunk = 'x'.repeat(64 * 1024);
        for (let i = 0; i < 32; i++) response.write(chunk);
        return response.end('"}');
      }
    }
    if (isDiscovery) return json(response, options.discovery!(baseUrl));
    json(response, { keys: [...published.map((k) => k.publicJwk), ...(options.extraJwks ?? [])] });
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    jwksUrl: `${baseUrl}${jwksPath}`,
    get current() {
      return current;
    },
    get published() {
      return [...published];
    },
    get fetchCount() {
      return fetchCount;
    },
    get discoveryCount() {
      return discoveryCount;
    },
    get redirectTargetHits() {
      return redirectTargetHits;
    },
    setFault(next) {
      mode = next;
    },
    async sign(claims, mintOptions = {}) {
      const key = mintOptions.key ?? current;
      const header: Record<string, unknown> = { alg: key.alg, kid: key.kid, typ: 'JWT' };
      for (const [name, value] of Object.entries(mintOptions.header ?? {})) {
        if (value === undefined) delete header[name];
        else header[name] = value;
      }
      return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key.privateKey);
    },
    async rotate({ keepOld = true } = {}) {
      current = await makeSigningKey(alg, makeKid());
      published = keepOld ? [current, ...published] : [current];
      return current;
    },
    unpublishedKey: () => makeSigningKey(alg, makeKid()),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(response: ServerResponse, body: unknown, status = 200): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'max-age=300',
  });
  response.end(JSON.stringify(body));
}

/** Seconds since the epoch, real clock. */
export const nowS = () => Math.floor(Date.now() / 1000);
export const uuid = randomUUID;
