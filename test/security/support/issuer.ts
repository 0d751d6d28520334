import {
  createHash,
  generateKeyPairSync,
  randomBytes,
  sign as cryptoSign,
  type KeyObject,
} from 'node:crypto';

/** The asymmetric algorithms a test issuer can sign with. */
export type SigningAlg = 'EdDSA' | 'ES256' | 'RS256';

/** A public JWK as published in a key set. */
export type PublicJwk = Record<string, unknown> & { kid: string; alg: string; kty: string };

/** One signing key of a test issuer: the private half and its published public JWK. */
export interface IssuerKey {
  alg: SigningAlg;
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: PublicJwk;
  /** SPKI PEM of the public key, the classic "HMAC with the public key" secret. */
  spkiPem: string;
}

/** base64url of a string or bytes. */
export const b64url = (input: string | Uint8Array): string =>
  Buffer.from(typeof input === 'string' ? Buffer.from(input, 'utf8') : input).toString('base64url');

/** base64url of a JSON value. */
export const b64json = (value: unknown): string => b64url(JSON.stringify(value));

function makeKey(alg: SigningAlg, kid?: string): IssuerKey {
  const pair =
    alg === 'EdDSA'
      ? generateKeyPairSync('ed25519')
      : alg === 'ES256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = pair.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  const id =
    kid ??
    createHash('sha256').update(JSON.stringify(jwk)).digest('base64url').slice(0, 16) +
      randomBytes(2).toString('hex');
  return {
    alg,
    kid: id,
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    publicJwk: { ...jwk, kid: id, alg, use: 'sig' } as unknown as PublicJwk,
    spkiPem: pair.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/** Signs `<header>.<payload>` with a key as JWS wants it (raw r||s for ECDSA). */
export function rawSignature(key: IssuerKey, signingInput: string): Buffer {
  const data = Buffer.from(signingInput, 'ascii');
  if (key.alg === 'EdDSA') return cryptoSign(null, data, key.privateKey);
  if (key.alg === 'ES256')
    return cryptoSign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return cryptoSign('sha256', data, key.privateKey);
}

/**
 * Builds a compact JWS by hand, so a test can put anything in the header (`crit`, `jku`, `b64`,
 * a non-string `kid`) that a well-behaved signing library would refuse to emit.
 */
export function signCompact(
  key: IssuerKey,
  payload: unknown,
  header: Record<string, unknown> = {},
): string {
  const protectedHeader = b64json({ alg: key.alg, kid: key.kid, ...header });
  const body = typeof payload === 'string' ? b64url(payload) : b64json(payload);
  const input = `${protectedHeader}.${body}`;
  return `${input}.${rawSignature(key, input).toString('base64url')}`;
}

/**
 * A token issuer made in the test: EdDSA, ES256 and RS256 keys (the last one only to forge
 * HS256-with-the-RSA-public-key tokens, the textbook confusion attack), published as a JWKS.
 */
export class TestIssuer {
  readonly keys: IssuerKey[];

  constructor(
    readonly issuer: string,
    algs: SigningAlg[] = ['EdDSA', 'ES256', 'RS256'],
  ) {
    this.keys = algs.map((alg) => makeKey(alg));
  }

  key(alg: SigningAlg = 'EdDSA'): IssuerKey {
    const key = this.keys.find((k) => k.alg === alg);
    if (!key) throw new Error(`test issuer has no ${alg} key`);
    return key;
  }

  /** The public key set, as served at a JWKS URL. */
  jwks(): { keys: PublicJwk[] } {
    return { keys: this.keys.map((k) => k.publicJwk) };
  }

  /** Standard claims for `aud`: valid for 10 minutes from now. */
  claims(audience: string | string[], extra: Record<string, unknown> = {}) {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: this.issuer,
      sub: 'user-security-test',
      aud: audience,
      iat: now,
      exp: now + 600,
      email: 'security@example.test',
      scope: 'notes:read notes:write',
      ...extra,
    };
  }

  /** A valid token for `aud`, signed with the key of `alg`. */
  token(audience: string | string[], alg: SigningAlg = 'EdDSA', extra = {}): string {
    return signCompact(this.key(alg), this.claims(audience, extra));
  }
}

/** A fresh key that no key set publishes: what an attacker signs with. */
export function attackerKey(alg: SigningAlg = 'EdDSA', kid?: string): IssuerKey {
  return makeKey(alg, kid);
}
