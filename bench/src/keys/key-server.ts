import { randomUUID } from 'node:crypto';
import { exportJWK, exportPKCS8, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { listen, type Listening } from './http.util.js';

/** The signing algorithms the local key server offers. */
export type KeyAlg = 'EdDSA' | 'RS256';

/**
 * A local issuer: one key per algorithm, published at `/.well-known/jwks.json`. Used for the RS256
 * comparison (the passport-jwt recipe cannot verify EdDSA) and when the real auth server is not built.
 */
export interface KeyServer extends Listening {
  issuer: string;
  jwksUri: string;
  /** A 15-minute token; `claims` are added to (or replace) the default user claims. */
  sign(
    alg: KeyAlg,
    audience: string,
    subject?: string,
    claims?: Record<string, unknown>,
  ): Promise<string>;
  /** The Ed25519 private key (PKCS#8 PEM) and its `kid`, for load workers that mint their own tokens. */
  eddsaSigningKey(): Promise<{ privateKeyPem: string; kid: string }>;
}

export async function startKeyServer(): Promise<KeyServer> {
  const keys = new Map<KeyAlg, { privateKey: CryptoKey; jwk: JWK }>();
  for (const alg of ['EdDSA', 'RS256'] as const) {
    const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: randomUUID(), alg, use: 'sig' };
    keys.set(alg, { privateKey, jwk });
  }
  const body = JSON.stringify({ keys: [...keys.values()].map((k) => k.jwk) });
  const server = await listen((req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' });
      res.end(body);
      return;
    }
    res.writeHead(404).end();
  });
  return {
    ...server,
    issuer: server.url,
    jwksUri: `${server.url}/.well-known/jwks.json`,
    async eddsaSigningKey() {
      const key = keys.get('EdDSA')!;
      return { privateKeyPem: await exportPKCS8(key.privateKey), kid: key.jwk.kid! };
    },
    async sign(alg, audience, subject = 'bench-user', claims = {}) {
      const key = keys.get(alg)!;
      return new SignJWT({
        email: 'bench@example.com',
        role: 'user',
        scope: 'notes:read notes:write',
        ...claims,
      })
        .setProtectedHeader({ alg, kid: key.jwk.kid })
        .setIssuer(server.url)
        .setAudience(audience)
        .setSubject(subject)
        .setIssuedAt()
        .setExpirationTime('15m')
        .sign(key.privateKey);
    },
  };
}
