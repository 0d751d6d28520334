import { createHmac, randomBytes } from 'node:crypto';
import { CompactEncrypt, importJWK } from 'jose';
import {
  attackerKey,
  b64json,
  b64url,
  rawSignature,
  signCompact,
  TestIssuer,
  type IssuerKey,
} from './issuer.js';

/**
 * What the resource server must answer:
 * - `invalid_token`: 401 with `WWW-Authenticate: Bearer … error="invalid_token"`;
 * - `challenge`: 401 with a Bearer challenge and no error code (no token was presented);
 * - `refused`: 401 with a Bearer challenge, error code absent or `invalid_token` (an
 *   Authorization header that is not a usable Bearer credential: both readings are RFC 6750);
 * - `too_large`: refused before the app (431 from the HTTP parser) or 401 `invalid_token`;
 * - `invalid_request`: 400 with `error="invalid_request"` (more than one credential, RFC 6750 §3.1).
 */
export type TokenExpectation =
  'invalid_token' | 'challenge' | 'refused' | 'too_large' | 'invalid_request';

/** One hostile request: the header lines it sends (beyond the route's own) and what must happen. */
export interface TokenCase {
  group: string;
  name: string;
  /** `Authorization` (or other) header lines; empty = no credentials at all. */
  headers: [string, string][];
  /** Appended to the route's path (a query string, for instance). */
  query?: string;
  expect: TokenExpectation;
}

export interface CorpusContext {
  /** The issuer the server trusts (its JWKS is the one configured). */
  issuer: TestIssuer;
  /** This server's own audience. */
  audience: string;
  /** The other resource server's audience: its tokens must not work here. */
  otherAudience: string;
  /** A server the attacker controls; the verifier must never contact it. */
  trapOrigin: string;
}

const bearer = (token: string): [string, string][] => [['Authorization', `Bearer ${token}`]];

function hmacToken(
  alg: 'HS256' | 'HS384' | 'HS512',
  secret: string | Buffer,
  payload: unknown,
  kid: string,
): string {
  const input = `${b64json({ alg, kid, typ: 'JWT' })}.${b64json(payload)}`;
  const hash = `sha${alg.slice(2)}`;
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
}

/** A JWS with `b64:false` (RFC 7797): the payload travels unencoded. */
function unencodedToken(key: IssuerKey, payload: unknown, detached: boolean): string {
  const header = b64json({ alg: key.alg, kid: key.kid, b64: false, crit: ['b64'] });
  const raw = JSON.stringify(payload);
  const signature = rawSignature(key, `${header}.${raw}`).toString('base64url');
  return detached ? `${header}..${signature}` : `${header}.${raw}.${signature}`;
}

const P256_ORDER = Buffer.from(
  'FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551',
  'hex',
);

/**
 * Every token a verifier must refuse (RFC 8725, and the attacks known against JavaScript JWT
 * libraries), generated for one resource server. Async only because JWE needs WebCrypto.
 */
export async function buildTokenCorpus(ctx: CorpusContext): Promise<TokenCase[]> {
  const { issuer, audience, otherAudience, trapOrigin } = ctx;
  const ed = issuer.key('EdDSA');
  const es = issuer.key('ES256');
  const rsa = issuer.key('RS256');
  const good = issuer.claims(audience);
  const goodToken = signCompact(ed, good);
  const [gh, gp, gs] = goodToken.split('.');
  const now = Math.floor(Date.now() / 1000);
  const attacker = attackerKey('EdDSA');
  const cases: TokenCase[] = [];
  const add = (
    group: string,
    name: string,
    token: string,
    expect: TokenExpectation = 'invalid_token',
  ) => cases.push({ group, name, headers: bearer(token), expect });

  // alg none, in every spelling, with and without the original signature.
  for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
    add('alg none', `alg "${alg}", empty signature`, `${b64json({ alg, kid: ed.kid })}.${gp}.`);
    add(
      'alg none',
      `alg "${alg}", original signature kept`,
      `${b64json({ alg, kid: ed.kid })}.${gp}.${gs}`,
    );
  }
  add('alg none', 'alg "none" without kid or typ', `${b64json({ alg: 'none' })}.${gp}.`);
  add('alg none', 'alg missing from the header', `${b64json({ kid: ed.kid })}.${gp}.${gs}`);
  add('alg none', 'alg "" (empty)', `${b64json({ alg: '', kid: ed.kid })}.${gp}.${gs}`);

  // HMAC keyed with the public key, in the forms a confused library might use as the secret.
  const secrets: [string, string | Buffer, string][] = [
    ['EdDSA public JWK as JSON', JSON.stringify(ed.publicJwk), ed.kid],
    ['RSA public JWK as JSON', JSON.stringify(rsa.publicJwk), rsa.kid],
    ['RSA public key PEM', rsa.spkiPem, rsa.kid],
    ['EdDSA public key PEM', ed.spkiPem, ed.kid],
    ['raw EdDSA x bytes', Buffer.from(String(ed.publicJwk.x), 'base64url'), ed.kid],
    ['EdDSA x as a string', String(ed.publicJwk.x), ed.kid],
  ];
  for (const alg of ['HS256', 'HS384', 'HS512'] as const) {
    for (const [label, secret, kid] of secrets) {
      add(
        'HMAC with the public key',
        `${alg} keyed with the ${label}`,
        hmacToken(alg, secret, good, kid),
      );
    }
  }

  // Keys carried by the token itself, or fetched from where the token says.
  add(
    'embedded and remote keys',
    'embedded jwk header (attacker key, attacker kid)',
    signCompact(attacker, good, { jwk: attacker.publicJwk }),
  );
  add(
    'embedded and remote keys',
    'embedded jwk header under the trusted kid',
    signCompact(attacker, good, { kid: ed.kid, jwk: attacker.publicJwk }),
  );
  add(
    'embedded and remote keys',
    'jku to the attacker key set',
    signCompact(attacker, good, { jku: `${trapOrigin}/jwks` }),
  );
  add(
    'embedded and remote keys',
    'jku under the trusted kid',
    signCompact(attacker, good, { kid: ed.kid, jku: `${trapOrigin}/jwks` }),
  );
  add(
    'embedded and remote keys',
    'x5u to the attacker certificate',
    signCompact(attacker, good, { x5u: `${trapOrigin}/cert.pem` }),
  );
  add(
    'embedded and remote keys',
    'x5u under the trusted kid',
    signCompact(attacker, good, { kid: ed.kid, x5u: `${trapOrigin}/cert.pem` }),
  );
  const spkiDer = attacker.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  add(
    'embedded and remote keys',
    'x5c with the attacker key',
    signCompact(attacker, good, { x5c: [spkiDer] }),
  );
  add(
    'embedded and remote keys',
    'x5c under the trusted kid',
    signCompact(attacker, good, { kid: ed.kid, x5c: [spkiDer] }),
  );
  add(
    'embedded and remote keys',
    'signature by another key under the trusted kid',
    signCompact(attackerKey('EdDSA', ed.kid), good),
  );

  // kid injection: each signed by the attacker, so only a kid-driven key lookup could accept it.
  const kids: [string, unknown][] = [
    ['path traversal', '../../../../etc/passwd'],
    ['path traversal to /dev/null', '../../../../../../dev/null'],
    ['SQL injection', "' OR '1'='1' --"],
    ['SQL statement', '1; DROP TABLE jwks; --'],
    ['very long (4 KiB)', 'k'.repeat(4096)],
    ['NUL byte', `${ed.kid}\u0000`],
    ['template / JNDI string', '${jndi:ldap://127.0.0.1/x}'],
    ['number', 12345],
    ['object', { $ne: null }],
    ['array', [ed.kid]],
    ['null', null],
    ['boolean', true],
    ['__proto__', '__proto__'],
  ];
  for (const [label, kid] of kids) {
    add('kid injection', `kid: ${label}`, signCompact(attacker, good, { kid }));
  }

  // crit, b64, other serialisations: all signed with the trusted key, so only the format is wrong.
  add(
    'crit and b64',
    'crit names an unknown extension',
    signCompact(ed, good, { crit: ['x-unknown'], 'x-unknown': true }),
  );
  add('crit and b64', 'crit is empty', signCompact(ed, good, { crit: [] }));
  add('crit and b64', 'crit is not an array', signCompact(ed, good, { crit: 'x-unknown' }));
  add(
    'crit and b64',
    'crit names a registered claim (exp)',
    signCompact(ed, good, { crit: ['exp'], exp: 1 }),
  );
  add('crit and b64', 'b64:false, unencoded payload inline', unencodedToken(ed, good, false));
  add('crit and b64', 'b64:false, detached payload', unencodedToken(ed, good, true));

  const dirKey = randomBytes(32);
  const jweDir = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(good)))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: ed.kid })
    .encrypt(dirKey);
  add('serialisation', 'JWE, 5 parts (dir + A256GCM)', jweDir);
  const { alg: _alg, use: _use, ...rsaEncJwk } = rsa.publicJwk;
  const rsaEncKey = await importJWK(rsaEncJwk, 'RSA-OAEP-256');
  const jweRsa = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(good)))
    .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A128GCM', kid: rsa.kid })
    .encrypt(rsaEncKey);
  add('serialisation', 'JWE, 5 parts, encrypted to the published RSA key', jweRsa);
  const flattened = JSON.stringify({ protected: gh, payload: gp, signature: gs });
  const general = JSON.stringify({ payload: gp, signatures: [{ protected: gh, signature: gs }] });
  add('serialisation', 'JWS JSON flattened serialisation', flattened);
  add('serialisation', 'JWS JSON general serialisation', general);
  add('serialisation', 'JWS JSON flattened, base64url-wrapped', b64url(flattened));
  add('serialisation', 'JWS JSON general, base64url-wrapped', b64url(general));

  // Psychic signatures (CVE-2022-21449) and other impossible ECDSA values.
  const esHeader = b64json({ alg: 'ES256', kid: es.kid });
  const esPayload = b64json(good);
  add(
    'psychic ECDSA',
    'ES256 r=s=0 (raw, 64 zero bytes)',
    `${esHeader}.${esPayload}.${b64url(Buffer.alloc(64))}`,
  );
  add(
    'psychic ECDSA',
    'ES256 r=s=0 (DER)',
    `${esHeader}.${esPayload}.${b64url(Buffer.from('3006020100020100', 'hex'))}`,
  );
  add(
    'psychic ECDSA',
    'ES256 r=s=n (curve order)',
    `${esHeader}.${esPayload}.${b64url(Buffer.concat([P256_ORDER, P256_ORDER]))}`,
  );
  add('psychic ECDSA', 'ES256 empty signature', `${esHeader}.${esPayload}.`);
  add(
    'psychic ECDSA',
    'ES256 signature truncated to 32 bytes',
    `${esHeader}.${esPayload}.${b64url(rawSignature(es, `${esHeader}.${esPayload}`).subarray(0, 32))}`,
  );

  // Algorithm / key mismatches.
  add(
    'algorithm',
    'RS256 by the published RSA key (not in the allow-list)',
    signCompact(rsa, good),
  );
  add(
    'algorithm',
    'header says ES256, kid names the EdDSA key',
    signCompact(es, good, { kid: ed.kid }),
  );
  add(
    'algorithm',
    'header says EdDSA, signed by the ES256 key',
    signCompact(es, good, { alg: 'EdDSA', kid: es.kid }),
  );
  add('algorithm', 'header says PS256', signCompact(rsa, good, { alg: 'PS256' }));

  // Claims: every one wrong or missing, signed with the trusted key.
  const claim = (name: string, payload: Record<string, unknown>) =>
    add('claims', name, signCompact(ed, payload));
  const without = (key: string) => {
    const copy: Record<string, unknown> = { ...good };
    delete copy[key];
    return copy;
  };
  claim('wrong iss', { ...good, iss: 'https://evil.example' });
  claim('iss with a trailing slash', { ...good, iss: `${issuer.issuer}/` });
  claim('iss differs in case', { ...good, iss: issuer.issuer.toUpperCase() });
  claim('missing iss', without('iss'));
  claim('wrong aud', { ...good, aud: 'https://evil.example' });
  claim('aud of the other resource server', { ...good, aud: otherAudience });
  claim('aud is an empty array', { ...good, aud: [] });
  claim('aud is a number', { ...good, aud: 42 });
  claim('missing aud', without('aud'));
  claim('missing exp', without('exp'));
  claim('exp as a string', { ...good, exp: String(now + 600) });
  claim('exp is NaN-like (null)', { ...good, exp: null });
  claim('expired an hour ago', { ...good, iat: now - 4000, exp: now - 3600 });
  claim('expired a minute ago (beyond the 5 s tolerance)', {
    ...good,
    iat: now - 700,
    exp: now - 60,
  });
  claim('nbf an hour in the future', { ...good, nbf: now + 3600 });
  claim('iat a year in the future', {
    ...good,
    iat: now + 365 * 86400,
    exp: now + 365 * 86400 + 600,
  });
  claim('iat as a string', { ...good, iat: 'yesterday' });
  claim('missing sub', without('sub'));
  claim('sub is empty', { ...good, sub: '' });
  claim('sub is a number', { ...good, sub: 1234 });
  claim('payload is not JSON', 'not json at all' as unknown as Record<string, unknown>);
  claim('payload is a JSON array', '[1,2,3]' as unknown as Record<string, unknown>);
  claim('payload is JSON null', 'null' as unknown as Record<string, unknown>);

  // Tokens of someone else: another issuer, another key, another audience.
  const other = new TestIssuer('https://other-provider.example', ['EdDSA']);
  add('foreign tokens', 'another provider (its own issuer and key)', other.token(audience));
  add('foreign tokens', 'another provider using our issuer name', signCompact(other.key(), good));
  add(
    'foreign tokens',
    'another provider using our kid',
    signCompact({ ...other.key(), kid: ed.kid }, good),
  );
  add(
    'foreign tokens',
    'our key, token meant for the other resource server',
    issuer.token(otherAudience),
  );

  // Malformed and oversized.
  const pad = (bytes: number) => signCompact(ed, { ...good, pad: 'p'.repeat(bytes) });
  cases.push({
    group: 'malformed',
    name: '100 KB token',
    headers: bearer(pad(100 * 1024)),
    expect: 'too_large',
  });
  cases.push({
    group: 'malformed',
    name: '12 KB token (over the 8 KiB token limit, under the 16 KiB header limit)',
    headers: bearer(pad(9 * 1024)),
    expect: 'invalid_token',
  });
  add('malformed', 'garbage word', 'garbage');
  add('malformed', 'three garbage segments', 'a.b.c');
  add('malformed', 'only dots', '...');
  add('malformed', 'two segments', `${gh}.${gp}`);
  add('malformed', 'trailing extra dot', `${goodToken}.`);
  add('malformed', 'four segments', `${goodToken}.${gs}`);
  add('malformed', 'empty payload segment', `${gh}..${gs}`);
  add('malformed', 'bad base64 in the payload', `${gh}.${gp}*!.${gs}`);
  add('malformed', 'header is not JSON', `${b64url('not json')}.${gp}.${gs}`);
  add('malformed', 'header is a JSON array', `${b64json([{ alg: 'EdDSA' }])}.${gp}.${gs}`);
  add(
    'malformed',
    'signature with one character changed',
    `${gh}.${gp}.${gs.slice(0, -2)}${gs.at(-2) === 'A' ? 'B' : 'A'}${gs.at(-1)}`,
  );
  add(
    'malformed',
    'payload swapped under a valid signature',
    `${gh}.${b64json({ ...good, sub: 'admin' })}.${gs}`,
  );
  add('malformed', 'latin-1 bytes', '\u00ff\u00fe\u00e9.\u00e0.\u00fc');
  add('malformed', 'token then garbage after a space', `${goodToken} extra`);

  // The Authorization header itself.
  const header = (
    name: string,
    headers: [string, string][],
    expect: TokenExpectation,
    query?: string,
  ) => cases.push({ group: 'authorization header', name, headers, expect, query });
  header('no Authorization header', [], 'challenge');
  header('empty Authorization header', [['Authorization', '']], 'challenge');
  header('"Bearer" with no token', [['Authorization', 'Bearer']], 'refused');
  header('"Bearer " with only spaces', [['Authorization', 'Bearer    ']], 'refused');
  header(
    'BEARER casing with a garbage token',
    [['Authorization', 'BEARER garbage']],
    'invalid_token',
  );
  header(
    'bEaReR casing with a forged token',
    [['Authorization', `bEaReR ${signCompact(attacker, good)}`]],
    'invalid_token',
  );
  header('Basic credentials', [['Authorization', 'Basic dXNlcjpwYXNzd29yZA==']], 'refused');
  header('Token scheme with a valid token', [['Authorization', `Token ${goodToken}`]], 'refused');
  header('JWT scheme with a valid token', [['Authorization', `JWT ${goodToken}`]], 'refused');
  header('valid token without a scheme', [['Authorization', goodToken]], 'refused');
  header(
    'Basic then Bearer in one header',
    [['Authorization', `Basic dXNlcjpwYXNz, Bearer ${goodToken}`]],
    'refused',
  );
  header(
    'two Bearer tokens in one header',
    [['Authorization', `Bearer ${goodToken}, Bearer ${goodToken}`]],
    'refused',
  );
  header(
    'two Authorization lines, forged first',
    [
      ['Authorization', `Bearer ${signCompact(attacker, good)}`],
      ['Authorization', `Bearer ${goodToken}`],
    ],
    'invalid_request',
  );
  header(
    'two Authorization lines, valid first',
    [
      ['Authorization', `Bearer ${goodToken}`],
      ['Authorization', `Bearer ${signCompact(attacker, good)}`],
    ],
    'invalid_request',
  );
  header(
    'valid token in the access_token query parameter only',
    [],
    'challenge',
    `?access_token=${goodToken}`,
  );
  header(
    'valid token in a cookie only',
    [['Cookie', `access_token=${goodToken}; token=${goodToken}`]],
    'challenge',
  );
  header('valid token in X-Access-Token only', [['X-Access-Token', goodToken]], 'challenge');

  return cases;
}
