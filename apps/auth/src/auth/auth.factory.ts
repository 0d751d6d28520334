import { Logger } from '@nestjs/common';
import { redisStorage } from '@better-auth/redis-storage';
import { betterAuth } from 'better-auth/minimal';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { bearer } from 'better-auth/plugins/bearer';
import { jwt, type Jwk } from 'better-auth/plugins/jwt';
import { openAPI } from 'better-auth/plugins/open-api';
import type { AuthConfig } from '#config';
import type { PrismaService } from '#database';
import {
  existingAccountMail,
  resetPasswordMail,
  verifyEmailMail,
  type Mailer,
  type MailMessage,
} from '../mail/index.js';
import { adminPlugin } from '../admin/admin.plugin.js';
import { operatorPlugin } from '../admin/operator.plugin.js';
import { oauthProviderPlugins } from '../oauth/oauth.provider.js';
import { organizationsPlugin } from '../organizations/organizations.plugin.js';
import { prismaMemberRole, withOrganizationClaims } from '../organizations/organization.claims.js';
import { currentUserClaims, prismaTokenUser } from './token-user.js';
import { sessionPolicyPlugin } from './session-policy.plugin.js';
import { signInMethodsPlugin } from './sign-in-methods.js';
import { twoFactorBearerPlugin, twoFactorPlugin } from './two-factor.plugin.js';
import { passkeyPlugin } from './passkey.plugin.js';
import { betterAuthLogger, logBetterAuthError } from './auth.logger.js';
import { limitedPasswordHasher } from './password.hasher.js';
import { CLIENT_IP_HEADER } from './auth.http.js';
import { INPUT_LIMITS } from './auth.limits.js';
import { accountLimiter, memoryCounter, oncePerWindow } from './account-limit.js';
import { withUnavailableAs503 } from './database-unavailable.js';
import { layeredHandler, layeredHooks } from './auth.layers.js';
import { databaseUnavailablePlugin } from './database-unavailable.plugin.js';
import { crossSitePlugin } from './cross-site.plugin.js';
import { socialSignInPlugins } from './social.providers.js';
import type { RedisConnection } from './redis.connection.js';
import type { FloorTimer } from './response-floor.js';
import { SigningKeyRows } from './signing-key.rows.js';
import { cachedRouterHandler } from './cached-router.js';
import { resetTokenRevoker, verificationOptions } from './verification-tokens.js';

/** What {@link createAuth} needs besides configuration. */
export interface AuthDeps {
  config: AuthConfig;
  secret: string;
  prisma: PrismaService;
  mailer: Mailer;
  redis: RedisConnection | null;
  /** Clock and sleeper of the response-time floors (tests inject a fake); real time by default. */
  floorTimer?: FloorTimer;
}

const mailLogger = new Logger('Mail');

function sendInBackground(mailer: Mailer, message: MailMessage): Promise<void> {
  mailer.send(message).catch((error: Error) => {
    mailLogger.error(`"${message.subject}" to ${message.to} failed: ${error.message}`);
  });
  return Promise.resolve();
}

/** Seconds resource servers and proxies may cache the JWKS: well inside the key grace period. */
export function jwksMaxAge(config: AuthConfig): number {
  return Math.max(1, Math.min(300, Math.floor(config.jwt.gracePeriodS / 4)));
}

/** Public signing algorithm of issued JWTs (Ed25519). */
export const SIGNING_ALG = 'EdDSA';

/**
 * Builds the Better Auth instance of the auth server from validated configuration: Prisma storage,
 * email and password, bearer sessions (signed tokens only), short EdDSA JWTs with key rotation, the
 * admin plugin and the server-only endpoints of `npm run admin`, organizations, rate limits (Redis
 * backed with `REDIS_URL`) and, outside production, the OpenAPI reference at `/api/auth/reference`.
 */
export function createAuth({ config, secret, prisma, mailer, redis, floorTimer }: AuthDeps) {
  const basePath = '/api/auth';
  const storage = redis
    ? redisStorage({ client: redis.client, keyPrefix: config.redisKeyPrefix })
    : undefined;
  const counter = storage ?? memoryCounter();
  const limitAccount = accountLimiter(counter);
  const noticeDue = oncePerWindow(counter, 3600);
  // Late-bound: the revoker runs inside requests, once `auth` exists.
  const revokeResetTokens = resetTokenRevoker(() => auth.$context);
  // 'created' whenever this instance mints a signing key: the in-memory JWKS drops its copy
  const signingKeys = new EventTarget();
  const memberRole = prismaMemberRole(withUnavailableAs503(prisma));
  const keyRows = new SigningKeyRows<Jwk>(); // signing reads the key table at most once a second
  signingKeys.addEventListener('created', () => keyRows.invalidate());
  const auth = betterAuth({
    appName: 'nest-decoupled-auth-kit',
    baseURL: config.baseUrl,
    basePath,
    secret,
    trustedOrigins: [...new Set([config.baseUrl, ...config.trustedOrigins])],
    database: prismaAdapter(withUnavailableAs503(prisma), { provider: 'postgresql' }),
    secondaryStorage: storage,
    verification: verificationOptions(),
    telemetry: { enabled: false },
    logger: betterAuthLogger(config.env),
    onAPIError: { onError: logBetterAuthError },
    session: storage ? { storeSessionInDatabase: true } : undefined,
    user: {
      additionalFields: {
        role: { type: 'string', required: false, defaultValue: 'user', input: false },
      },
    },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: INPUT_LIMITS.password,
      requireEmailVerification: config.requireEmailVerification,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 3600,
      password: limitedPasswordHasher(), // scrypt must not take every core from the event loop
      // Not awaited: answering only after the mail went out would time-leak which addresses exist.
      sendResetPassword: ({ user, url, token }) =>
        sendInBackground(mailer, resetPasswordMail({ to: user.email, url, token })),
      onPasswordReset: ({ user }) => revokeResetTokens(user.id),
      // Only with verification on (a taken address otherwise gets a 422): same answer, owner told.
      onExistingUserSignUp: async ({ user }) => {
        if (await noticeDue(`existing-account|${user.email}`)) {
          await sendInBackground(mailer, existingAccountMail({ to: user.email }));
        }
      },
    },
    emailVerification: {
      sendOnSignUp: config.requireEmailVerification,
      // A verification link must not sign in whichever browser opens it (login CSRF).
      autoSignInAfterVerification: false,
      sendVerificationEmail: ({ user, url, token }) =>
        sendInBackground(mailer, verifyEmailMail({ to: user.email, url, token })),
    },
    rateLimit: {
      enabled: config.rateLimit,
      window: 60,
      max: 100,
      storage: storage ? 'secondary-storage' : 'memory',
      customRules: {
        // Per client address; per-account limits (account-limit.ts) are tighter.
        '/sign-in/email': { window: 60, max: 20 },
        '/sign-up/email': { window: 60, max: 5 },
        '/request-password-reset': { window: 300, max: 10 },
        '/reset-password': { window: 300, max: 10 },
        '/change-password': { window: 60, max: 5 },
        '/send-verification-email': { window: 300, max: 3 },
        '/two-factor/*': { window: 60, max: 10 },
        '/passkey/verify-authentication': { window: 60, max: 20 },
        '/organization/invite-member': { window: 300, max: 20 }, // each one sends a mail
      },
    },
    advanced: {
      // Better Auth skips its CSRF/origin check when NODE_ENV=test; this kit never does.
      disableOriginCheck: false,
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      useSecureCookies: config.production || config.baseUrl.startsWith('https:'),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    plugins: [
      // first: the kit's hooks run before every plugin's (order: auth.layers.ts)
      layeredHooks({ config, limitAccount, revokeResetTokens }),
      databaseUnavailablePlugin(),
      crossSitePlugin(),
      // Before bearer: its after hook withdraws a password sign-in's session while a second factor
      // is pending, so bearer's after hook must not hand that session out as set-auth-token.
      twoFactorPlugin('nest-decoupled-auth-kit'),
      // Only signed session tokens: a raw token (a database row, a backup) is no credential.
      bearer({ requireSignature: true }),
      sessionPolicyPlugin(),
      signInMethodsPlugin(),
      twoFactorBearerPlugin(),
      passkeyPlugin(config),
      adminPlugin(),
      operatorPlugin(),
      organizationsPlugin({
        baseUrl: config.baseUrl,
        send: (message) => sendInBackground(mailer, message),
      }),
      jwt({
        jwks: {
          keyPairConfig: { alg: SIGNING_ALG, crv: 'Ed25519' },
          rotationInterval: config.jwt.rotationIntervalS,
          gracePeriod: config.jwt.gracePeriodS,
        },
        adapter: {
          // signing from memory; the published set (`/jwks`) reads the table as before
          getJwks: (ctx) =>
            keyRows.rows(
              () => ctx.context.adapter.findMany<Jwk>({ model: 'jwks' }),
              ctx.path?.endsWith('/jwks') ?? false,
            ),
          // Better Auth's own insert, plus the signal that the published key set changed
          createJwk: async (data, ctx) => {
            const key = await ctx.context.adapter.create<Omit<Jwk, 'id'>, Jwk>({
              model: 'jwks',
              data: { ...data, createdAt: new Date() },
            });
            signingKeys.dispatchEvent(new Event('created'));
            return key;
          },
        },
        jwt: {
          issuer: config.baseUrl,
          audience: config.tokenAudience,
          expirationTime: `${config.jwt.expiresInS}s`,
          definePayload: withOrganizationClaims(
            currentUserClaims(storage ? prismaTokenUser(withUnavailableAs503(prisma)) : undefined),
            memberRole,
          ),
        },
      }),
      ...socialSignInPlugins(config.social),
      ...oauthProviderPlugins(config, memberRole),
      ...(config.production ? [] : [openAPI()]),
    ],
  });
  // Better Auth's handler, with its router built once instead of per request (cached-router.ts)
  const tracked = layeredHandler(cachedRouterHandler(auth), basePath, config, floorTimer);
  return Object.assign(auth, { handler: tracked, fetch: tracked, signingKeys });
}

/** The auth server's Better Auth instance. */
export type Auth = ReturnType<typeof createAuth>;
