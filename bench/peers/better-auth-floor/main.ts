/**
 * Reference, not a peer: what Better Auth itself costs for the auth server's token routes and
 * memory. Bare Fastify hands `/api/auth/*` to Better Auth's own Node handler, configured with only
 * what those routes need: email and password, the JWT plugin (Ed25519, keys read from the table as
 * the plugin does by default) and the OAuth 2.1 provider with the kit's grant settings (JWT access
 * tokens for one resource, rotating refresh tokens, open registration). Prisma 7 on the kit's
 * database and schema. No Nest, and none of the kit's plugins, hooks, claims or HTTP layers.
 */
import { oauthProvider } from '@better-auth/oauth-provider';
import { PrismaPg } from '@prisma/adapter-pg';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { toNodeHandler } from 'better-auth/node';
import { jwt } from 'better-auth/plugins';
import Fastify from 'fastify';
import { PrismaClient } from '#prisma';

interface Options {
  port: number;
  databaseUrl: string;
  /** The kit's secret: the key table's private keys are encrypted with it. */
  secret: string;
  /** The one resource (RFC 8707) access tokens are issued for. */
  resource: string;
}

const options = JSON.parse(process.argv[2] ?? '{}') as Options;
const baseURL = `http://127.0.0.1:${options.port}`;
const prisma = new PrismaClient({
  adapter: new PrismaPg({ connectionString: options.databaseUrl, max: 10 }),
});
const scopes = ['openid', 'offline_access', 'notes:read'];
const ttl = { accessTokenExpiresIn: 900, refreshTokenExpiresIn: 2_592_000 };

const auth = betterAuth({
  baseURL,
  secret: options.secret,
  database: prismaAdapter(prisma, { provider: 'postgresql' }),
  telemetry: { enabled: false },
  rateLimit: { enabled: false },
  emailAndPassword: { enabled: true },
  plugins: [
    jwt({ jwks: { keyPairConfig: { alg: 'EdDSA', crv: 'Ed25519' } } }),
    oauthProvider({
      scopes,
      grantTypes: ['authorization_code', 'refresh_token'],
      loginPage: '/sign-in',
      consentPage: '/consent',
      ...ttl,
      refreshTokenReuseInterval: 0,
      resources: [
        {
          identifier: options.resource,
          name: options.resource,
          accessTokenTtl: ttl.accessTokenExpiresIn,
          refreshTokenTtl: ttl.refreshTokenExpiresIn,
          allowedScopes: scopes,
        },
      ],
      cachedResources: new Set([options.resource]),
      enforcePerClientResources: false,
      allowDynamicClientRegistration: true,
      allowUnauthenticatedClientRegistration: true,
      clientRegistrationDefaultScopes: scopes,
    }),
  ],
});

const handler = toNodeHandler(auth);
const app = Fastify({ logger: false });
// Better Auth reads the request body itself
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', (_request, _payload, done) => done(null));
app.get('/health/live', () => ({ status: 'ok' }));
app.all('/api/auth/*', async (request, reply) => {
  reply.hijack();
  await handler(request.raw, reply.raw);
});
await app.listen({ port: options.port, host: '127.0.0.1' });
