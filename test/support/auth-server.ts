/**
 * Boots the real auth server (apps/auth AppModule) for e2e tests of any app.
 *
 * @example
 * const auth = await startAuthServer();              // NODE_ENV=test, fresh database
 * const { sessionToken, user } = await auth.signUp(); // random email, strong password
 * const jwt = await auth.token(sessionToken);          // EdDSA JWT, iss = auth.url
 * // resource servers: AUTH_URL=auth.url, JWKS at `${auth.url}/api/auth/jwks`
 * await auth.close();
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PrismaService } from '#database';
import { bootAuthApp } from '../../apps/auth/test/auth-app.js';
import { startTestDatabase } from './database.js';

export interface SignUpInput {
  email?: string;
  password?: string;
  name?: string;
}

export interface SignedUpUser {
  /** `Cookie` header value carrying the session (send it with an `Origin: <url>` header on POSTs). */
  cookie: string;
  /** Signed session token for `Authorization: Bearer <sessionToken>` (Better Auth's bearer plugin). */
  sessionToken: string;
  user: { id: string; email: string; name: string; role: string; emailVerified: boolean };
  /** The password used, for sign-in tests. */
  password: string;
}

export interface MailFile {
  kind: 'reset-password' | 'verify-email' | 'organization-invitation';
  to: string;
  subject: string;
  text: string;
  url: string;
  token: string;
}

export interface AuthServer {
  /** Base URL, also the server's `AUTH_URL` and the `iss` of its tokens (`http://127.0.0.1:<port>`). */
  url: string;
  /** The database it runs on (give it to a second replica as `DATABASE_URL`). */
  databaseUrl: string;
  /** JWKS URL (`<url>/api/auth/jwks`). */
  jwksUrl: string;
  app: NestFastifyApplication;
  /** Directory the file mailer writes to (`<DATA_DIR>/mail`). */
  mailbox: string;
  /** Signs a user up (random email and password unless given). Throws unless Better Auth answers 200. */
  signUp(input?: SignUpInput): Promise<SignedUpUser>;
  /** A fresh JWT for a session token (`GET /api/auth/token`). */
  token(sessionToken: string): Promise<string>;
  /** Sets a user's role (e.g. `admin`) directly in the database; new tokens carry it. */
  setRole(userId: string, role: string): Promise<void>;
  /** The mail messages sent to `to` so far, oldest first. */
  mails(to: string): Promise<MailFile[]>;
  /** Waits (up to 5 s) for the `count`-th message of `kind` sent to `to` and returns it. Mail is sent in the background. */
  waitForMail(to: string, kind: MailFile['kind'], count?: number): Promise<MailFile>;
  close(): Promise<void>;
}

/**
 * Starts the auth server on a free loopback port against a fresh database from
 * `startTestDatabase()`. `env` is merged over `NODE_ENV=test`, `AUTH_URL=<its own URL>` and a
 * temporary `DATA_DIR`; an explicit `env.DATABASE_URL` is used as is instead of a fresh database.
 * `options.hostname: 'localhost'` gives it a `http://localhost:<port>` URL (WebAuthn tests).
 */
export async function startAuthServer(
  env: Record<string, string> = {},
  options: { hostname?: string } = {},
): Promise<AuthServer> {
  let stopDatabase = async () => {};
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    const db = await startTestDatabase();
    databaseUrl = db.url;
    stopDatabase = () => db.stop();
  }
  let booted;
  try {
    booted = await bootAuthApp(databaseUrl, env, options.hostname);
  } catch (error) {
    await stopDatabase();
    throw error;
  }
  const { url, app, dataDir } = booted;
  const mailbox = join(dataDir, 'mail');

  const signUp = async (input: SignUpInput = {}): Promise<SignedUpUser> => {
    const password = input.password ?? `pw-${randomUUID()}`;
    const body = {
      email: input.email ?? `user-${randomUUID()}@example.com`,
      password,
      name: input.name ?? 'Test User',
    };
    const res = await fetch(`${url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { user: SignedUpUser['user'] };
    if (res.status !== 200)
      throw new Error(`sign-up answered ${res.status}: ${JSON.stringify(json)}`);
    const sessionToken = res.headers.get('set-auth-token');
    if (!sessionToken) throw new Error('sign-up returned no session (email verification on?)');
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return { cookie, sessionToken, user: json.user, password };
  };

  const token = async (sessionToken: string): Promise<string> => {
    const res = await fetch(`${url}/api/auth/token`, {
      headers: { authorization: `Bearer ${sessionToken}` },
    });
    const json = (await res.json()) as { token?: string };
    if (res.status !== 200 || !json.token) {
      throw new Error(`token answered ${res.status}: ${JSON.stringify(json)}`);
    }
    return json.token;
  };

  const setRole = async (userId: string, role: string) => {
    await app.get(PrismaService).user.update({ where: { id: userId }, data: { role } });
  };

  const mails = async (to: string): Promise<MailFile[]> => {
    const files = await readdir(mailbox).catch(() => [] as string[]);
    const all = await Promise.all(
      files
        .sort()
        .map(async (f) => JSON.parse(await readFile(join(mailbox, f), 'utf8')) as MailFile),
    );
    return all.filter((m) => m.to === to);
  };

  const waitForMail = async (to: string, kind: MailFile['kind'], count = 1) => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = (await mails(to)).filter((m) => m.kind === kind);
      if (found.length >= count) return found[count - 1];
      if (Date.now() > deadline) throw new Error(`no ${kind} mail #${count} to ${to} within 5 s`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  return {
    url,
    databaseUrl,
    jwksUrl: `${url}/api/auth/jwks`,
    app,
    mailbox,
    signUp,
    token,
    setRole,
    mails,
    waitForMail,
    close: async () => {
      try {
        await booted.close();
      } finally {
        await stopDatabase();
      }
    },
  };
}
