/**
 * `sid`, `amr` and `auth_time` in session JWTs, with sessions in the database only and with Redis
 * as secondary storage (where the session a token is minted from comes out of Redis).
 */
import { decodeJwt } from 'jose';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import { dropVariantKeys, storageVariants } from '../../../test/support/redis.js';
import { totpCode } from '../../../test/support/totp.js';
import {
  TWO_FACTOR_TOKEN_REQUEST,
  TWO_FACTOR_TOKEN_RESPONSE,
} from '../src/auth/two-factor.plugin.js';
import { bearer, get, postJson } from './http.js';

const variants = await storageVariants('sign-in-methods');

describe.each(variants)('sign-in methods in JWTs, $name', (variant) => {
  const { env, run } = variant;
  const maybe = run ? it : it.skip;
  let auth: AuthServer;

  beforeAll(async () => {
    if (!run) return;
    auth = await startAuthServer({ NODE_ENV: 'development', AUTH_RATE_LIMIT: 'false', ...env });
  });
  afterAll(async () => {
    await auth?.close();
    await dropVariantKeys(variant);
  });

  maybe(
    'password: pwd, the session id, its creation; with a second factor: pwd + otp',
    async () => {
      const user = await auth.signUp();
      const session = await get<{ session: { id: string; createdAt: string } }>(
        auth.url,
        '/api/auth/get-session',
        bearer(user.sessionToken),
      );
      expect(decodeJwt(await auth.token(user.sessionToken))).toMatchObject({
        amr: ['pwd'],
        sid: session.body.session.id,
        auth_time: Math.floor(Date.parse(session.body.session.createdAt) / 1000),
      });

      const enabled = await postJson<{ totpURI: string }>(
        auth.url,
        '/api/auth/two-factor/enable',
        { password: user.password },
        bearer(user.sessionToken),
      );
      const verified = await postJson(
        auth.url,
        '/api/auth/two-factor/verify-totp',
        { code: await totpCode(enabled.body.totpURI) },
        bearer(user.sessionToken),
      );
      expect(verified.status).toBe(200);
      const pending = await postJson(auth.url, '/api/auth/sign-in/email', {
        email: user.user.email,
        password: user.password,
      });
      const done = await postJson(
        auth.url,
        '/api/auth/two-factor/verify-totp',
        { code: await totpCode(enabled.body.totpURI) },
        { [TWO_FACTOR_TOKEN_REQUEST]: pending.headers.get(TWO_FACTOR_TOKEN_RESPONSE)! },
      );
      expect(done.status).toBe(200);
      const token = decodeJwt(await auth.token(done.headers.get('set-auth-token')!));
      expect(token.amr).toEqual(['pwd', 'otp']);
      expect(token.sid).not.toBe(session.body.session.id);
    },
  );
});
