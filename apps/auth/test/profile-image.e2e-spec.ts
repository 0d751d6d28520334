/**
 * Profile `image` values: only web URLs of bounded length, on sign-up and update-user alike
 * (`https:` only in production); anything else is a 400 JSON naming the field.
 */
import { PrismaService } from '#database';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import { INPUT_LIMITS } from '../src/auth/auth.limits.js';
import { bearer, postJson } from './http.js';

const HOSTILE = [
  'javascript:alert(document.cookie)',
  ' javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'ftp://example.com/a.png',
  '//evil.example/a.png',
  '/relative/a.png',
  'not a url',
  'https://user:pass@example.com/a.png',
  'https://example.com/a.png\nSet-Cookie: x=y',
  '',
  `https://example.com/${'a'.repeat(INPUT_LIMITS.image)}`,
  42,
  { url: 'https://example.com/a.png' },
];

let n = 0;
const email = () => `image-${++n}-${Date.now()}@example.com`;

function expectRefused(res: { status: number; body: Record<string, unknown> }) {
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ message: expect.stringMatching(/image/) });
}

describe.each([
  ['development', 'http://localhost:3001/a.png', 'accepted'],
  ['production', 'http://localhost:3001/a.png', 'refused'],
] as const)('profile images (NODE_ENV=%s)', (nodeEnv, httpUrl, httpOutcome) => {
  let auth: AuthServer;
  let session: string;
  let userId: string;
  beforeAll(async () => {
    auth = await startAuthServer({
      NODE_ENV: nodeEnv,
      AUTH_RATE_LIMIT: 'off',
      ...(nodeEnv === 'production'
        ? {
            BETTER_AUTH_SECRET: 'kQ9v2Lr7Zp4Xw8Ym3Tn6Bc1Hd5Fg0Js2Ua7Ve4Wx9',
            ALLOW_LOOPBACK_URLS: 'true', // the test servers listen on loopback
            MAIL_TRANSPORT: 'file',
          }
        : {}),
    });
    const user = await auth.signUp();
    session = user.sessionToken;
    userId = user.user.id;
  });
  afterAll(async () => {
    await auth?.close();
  });

  const signUp = (image: unknown) =>
    postJson(auth.url, '/api/auth/sign-up/email', {
      email: email(),
      password: 'a fine password',
      name: 'Pic',
      image,
    });
  const update = (image: unknown) =>
    postJson(auth.url, '/api/auth/update-user', { image }, bearer(session));
  const storedImage = async () =>
    (await auth.app.get(PrismaService).user.findUniqueOrThrow({ where: { id: userId } })).image;

  it.each(HOSTILE.map((value) => [JSON.stringify(value).slice(0, 50), value]))(
    'refuses %s on sign-up and update-user',
    async (_label, value) => {
      expectRefused(await signUp(value));
      expectRefused(await update(value));
      expect(await storedImage()).not.toBe(value);
    },
  );

  it('accepts an https URL on both, and null to clear it', async () => {
    const url = 'https://cdn.example.com/avatars/ada.png?size=64';
    const up = await signUp(url);
    expect(up.status).toBe(200);
    expect((up.body.user as { image: string }).image).toBe(url);
    expect((await update(url)).status).toBe(200);
    expect(await storedImage()).toBe(url);
    expect((await update(null)).status).toBe(200);
    expect(await storedImage()).toBeNull();
  });

  it(`${httpOutcome === 'accepted' ? 'accepts' : 'refuses'} a plain http URL`, async () => {
    const res = await update(httpUrl);
    if (httpOutcome === 'accepted') {
      expect(res.status).toBe(200);
      expect(await storedImage()).toBe(httpUrl);
    } else {
      expectRefused(res);
      expect(res.body.message).toMatch(/https:/);
      expectRefused(await signUp(httpUrl));
    }
  });
});
