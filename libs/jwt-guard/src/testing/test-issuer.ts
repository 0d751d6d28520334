import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import type { JwksProvider, VerificationPolicy } from '../jwks.provider.js';

/** Algorithms the test issuer signs with (the kit's local issuer uses EdDSA). */
export type TestIssuerAlgorithm = 'EdDSA' | 'ES256' | 'RS256';

/** Options of {@link createTestIssuer}. */
export interface TestIssuerOptions {
  /** `iss` of minted tokens. Default `https://issuer.test`. */
  issuer?: string;
  /** Accepted and minted `aud` values. Default `['https://api.test']`. */
  audience?: string[];
  /** Signing algorithm. Default `EdDSA`. */
  alg?: TestIssuerAlgorithm;
  /** The provider name principals carry. Default `test`. */
  name?: string;
  /** Current time in ms (share it with the module's `clock` option). Default `Date.now`. */
  clock?: () => number;
}

/** What to put in a minted token, in the kit's claim names. */
export interface MintOptions {
  /** `sub`. Default `user-1`. */
  sub?: string;
  /** `scope` (space-separated in the token). */
  scopes?: string[];
  /** `role` (one role, as the local issuer writes it; several are space-separated). */
  roles?: string[];
  /** `org_id` / `org_role`: the active organization. */
  org?: { id: string; role?: string };
  /** `amr`: how the user signed in (`pwd`, `otp`, `passkey`, ...). */
  amr?: string[];
  /** `auth_time` in seconds since the epoch. */
  authTime?: number;
  /** `acr`. */
  acr?: string;
  /** `sid`: the session id. */
  sid?: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
  /** `aud` instead of the issuer's first audience. */
  audience?: string | string[];
  /** Lifetime in seconds from now (negative: already expired). Default 300. */
  expiresIn?: number;
  /** Any further claims; they win over the ones above (`undefined` removes one). */
  claims?: JWTPayload;
}

/**
 * An in-process token issuer for tests: real keys, real signatures, a real {@link JwksProvider} to
 * bind directly or a JWKS over HTTP ({@link TestIssuer.serve}).
 */
export interface TestIssuer {
  readonly issuer: string;
  readonly audience: string[];
  /** Key source for `JwtGuardModule.forRoot({ jwksProvider })` or {@link overrideJwtGuard}. */
  readonly provider: JwksProvider;
  /** The published key set. */
  jwks(): { keys: JWK[] };
  /** Serves the key set at `<url>/.well-known/jwks.json` on 127.0.0.1:<free port>; returns that URL. */
  serve(): Promise<string>;
  /** A valid token. */
  mint(options?: MintOptions): Promise<string>;
  /** A token whose `exp` passed a minute ago. */
  expired(options?: MintOptions): Promise<string>;
  /** A token for another audience. */
  wrongAudience(options?: MintOptions): Promise<string>;
  /** A token signed by a key the issuer never published (same `kid`, so only the signature fails). */
  wrongKey(options?: MintOptions): Promise<string>;
  /** A token from another issuer. */
  wrongIssuer(options?: MintOptions): Promise<string>;
  /** New signing key; the old one stays published (a rotation). */
  rotate(): Promise<void>;
  /** Stops the JWKS server, if {@link serve} started one. */
  close(): Promise<void>;
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function signingKey(alg: TestIssuerAlgorithm, kid?: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const id = kid ?? randomBytes(9).toString('base64url');
  return {
    kid: id,
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), kid: id, alg, use: 'sig' },
  };
}

/** The claims of {@link MintOptions}, `undefined` members dropped. */
function claimsOf(options: MintOptions, issuer: string, audience: string[], nowS: number) {
  const claims: JWTPayload = {
    iss: issuer,
    sub: options.sub ?? 'user-1',
    aud: options.audience ?? (audience.length === 1 ? audience[0] : audience),
    iat: nowS,
    exp: nowS + (options.expiresIn ?? 300),
    scope: options.scopes?.join(' '),
    role: options.roles?.join(' '),
    org_id: options.org?.id,
    org_role: options.org?.role,
    amr: options.amr,
    auth_time: options.authTime,
    acr: options.acr,
    sid: options.sid,
    email: options.email,
    email_verified: options.emailVerified,
    name: options.name,
    ...options.claims,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return claims;
}

/**
 * Creates a {@link TestIssuer}.
 * @example
 * const issuer = await createTestIssuer({ audience: ['https://reports.test'] });
 * const token = await issuer.mint({ sub: 'alice', scopes: ['reports:read'] });
 */
export async function createTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const alg = options.alg ?? 'EdDSA';
  const issuer = options.issuer ?? 'https://issuer.test';
  const audience = options.audience ?? ['https://api.test'];
  const now = options.clock ?? Date.now;
  let current = await signingKey(alg);
  let published = [current];
  let keySet = createLocalJWKSet({ keys: published.map((k) => k.publicJwk) });
  let server: Server | undefined;
  const policy: VerificationPolicy = { issuer: [issuer], algorithms: [alg], audience };

  const sign = (claims: JWTPayload, key: SigningKey) =>
    new SignJWT(claims).setProtectedHeader({ alg, kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
  const mint = (mintOptions: MintOptions = {}, key = current) =>
    sign(claimsOf(mintOptions, issuer, audience, Math.floor(now() / 1000)), key);

  const provider: JwksProvider = {
    name: options.name ?? 'test',
    issuer,
    getKey: (header, token) => keySet(header, token),
    policy: () => Promise.resolve(policy),
  };

  return {
    issuer,
    audience,
    provider,
    jwks: () => ({ keys: published.map((k) => k.publicJwk) }),
    async serve() {
      if (!server) {
        server = createServer((request, response) => {
          const found = request.url?.split('?')[0] === '/.well-known/jwks.json';
          response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
          response.end(JSON.stringify(found ? { keys: published.map((k) => k.publicJwk) } : {}));
        });
        await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      }
      const { port } = server.address() as AddressInfo;
      return `http://127.0.0.1:${port}/.well-known/jwks.json`;
    },
    mint: (mintOptions) => mint(mintOptions),
    expired: (mintOptions = {}) => mint({ ...mintOptions, expiresIn: -60 }),
    wrongAudience: (mintOptions = {}) =>
      mint({ ...mintOptions, audience: 'https://someone-else.test' }),
    async wrongKey(mintOptions = {}) {
      return mint(mintOptions, await signingKey(alg, current.kid));
    },
    wrongIssuer: (mintOptions = {}) =>
      mint({ ...mintOptions, claims: { ...mintOptions.claims, iss: 'https://attacker.test' } }),
    async rotate() {
      current = await signingKey(alg);
      published = [current, ...published];
      keySet = createLocalJWKSet({ keys: published.map((k) => k.publicJwk) });
    },
    async close() {
      if (!server) return;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = undefined;
    },
  };
}
