import { Logger } from '@nestjs/common';
import { redisStorage } from '@better-auth/redis-storage';
import { betterAuth } from 'better-auth/minimal';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { createAuthMiddleware } from 'better-auth/api';
import { bearer } from 'better-auth/plugins/bearer';
import { jwt } from 'better-auth/plugins/jwt';
import { openAPI } from 'better-auth/plugins/open-api';
import type { AuthConfig } from '#config';
import type { PrismaService } from '#database';
import {
  resetPasswordMail,
  verifyEmailMail,
  type Mailer,
  type MailMessage,
} from '../mail/index.js';
import { oauthProviderPlugins } from '../oauth/oauth.provider.js';
import { tokenClaims } from './auth.claims.js';
import { betterAuthLogger } from './auth.logger.js';
import { limitedPasswordHasher } from './password.hasher.js';
import { CLIENT_IP_HEADER } from './auth.http.js';
import { checkInput, INPUT_LIMITS } from './auth.limits.js';
import { accountLimiter, memoryCounter } from './account-limit.js';
import { trackDatabaseOutage, withUnavailableAs503 } from './database-unavailable.js';
import { databaseUnavailablePlugin } from './database-unavailable.plugin.js';
import type { RedisConnection } from './redis.connection.js';
import { enumerationFloors, withResponseFloor, type FloorTimer } from './response-floor.js';

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
 * email and password, bearer sessions, short EdDSA JWTs with key rotation, rate limits (Redis
 * backed with `REDIS_URL`) and, outside production, the OpenAPI reference at `/api/auth/reference`.
 */
export function createAuth({ config, secret, prisma, mailer, redis, floorTimer }: AuthDeps) {
  const basePath = '/api/auth';
  const storage = redis
    ? redisStorage({ client: redis.client, keyPrefix: config.redisKeyPrefix })
    : undefined;
  const limitAccount = accountLimiter(storage ?? memoryCounter());
  const auth = betterAuth({
    appName: 'nest-decoupled-auth-kit',
    baseURL: config.baseUrl,
    basePath,
    secret,
    trustedOrigins: [...new Set([config.baseUrl, ...config.trustedOrigins])],
    database: prismaAdapter(withUnavailableAs503(prisma), { provider: 'postgresql' }),
    secondaryStorage: storage,
    telemetry: { enabled: false },
    logger: betterAuthLogger(config.env),
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
    },
    emailVerification: {
      sendOnSignUp: config.requireEmailVerification,
      autoSignInAfterVerification: true,
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
      },
    },
    advanced: {
      // Better Auth skips its CSRF/origin check when NODE_ENV=test; this kit never does.
      disableOriginCheck: false,
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      useSecureCookies: config.production || config.baseUrl.startsWith('https:'),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        checkInput(ctx);
        if (config.rateLimit) await limitAccount(ctx);
      }),
      after: createAuthMiddleware((ctx) => {
        if (ctx.path === '/jwks') {
          ctx.setHeader('Cache-Control', `public, max-age=${jwksMaxAge(config)}`);
        }
        return Promise.resolve();
      }),
    },
    plugins: [
      databaseUnavailablePlugin(),
      bearer(),
      jwt({
        jwks: {
          keyPairConfig: { alg: SIGNING_ALG, crv: 'Ed25519' },
          rotationInterval: config.jwt.rotationIntervalS,
          gracePeriod: config.jwt.gracePeriodS,
        },
        jwt: {
          issuer: config.baseUrl,
          audience: config.tokenAudience,
          expirationTime: `${config.jwt.expiresInS}s`,
          definePayload: tokenClaims,
        },
      }),
      ...oauthProviderPlugins(config),
      ...(config.production ? [] : [openAPI()]),
    ],
  });
  // One outage scope per HTTP request, read by databaseUnavailablePlugin; enumeration-sensitive
  // endpoints answer no earlier than a fixed floor, whichever way they went (response-floor.ts).
  const handler = auth.handler;
  const tracked = withResponseFloor(
    (request: Request) => trackDatabaseOutage(() => handler(request)),
    basePath,
    enumerationFloors(config.requireEmailVerification),
    floorTimer,
  );
  return Object.assign(auth, { handler: tracked, fetch: tracked });
}

/** The auth server's Better Auth instance. */
export type Auth = ReturnType<typeof createAuth>;
