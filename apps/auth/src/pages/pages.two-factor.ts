import { isAPIError } from 'better-auth/api';
import type { Auth } from '../auth/auth.factory.js';
import { formatTime } from './pages.device.js';
import type { TwoFactorSetup } from './pages.two-factor.view.js';

/** A refusal to send back as JSON (Better Auth's own `code` and `message`). */
export interface PageError {
  status: number;
  error: { code: string; message: string };
}

/** Starts TOTP set-up for the browser's session with its password (`/two-factor/enable`). */
export async function enableTwoFactor(
  auth: Auth,
  headers: Headers,
  body: unknown,
): Promise<TwoFactorSetup | PageError> {
  const password = (body as { password?: unknown } | null)?.password;
  if (typeof password !== 'string' || !password || password.length > 128) {
    return { status: 400, error: { code: 'INVALID_PASSWORD', message: 'Enter your password.' } };
  }
  try {
    const answer = await auth.api.enableTwoFactor({ headers, body: { password } });
    if (!('totpURI' in answer) || !answer.totpURI) {
      return { status: 400, error: { code: 'TOTP_NOT_CONFIGURED', message: 'TOTP is off.' } };
    }
    return { totpURI: answer.totpURI, backupCodes: answer.backupCodes ?? [] };
  } catch (error) {
    if (isAPIError(error) && error.statusCode < 500) {
      const { code = 'BAD_REQUEST', message = 'Refused.' } = error.body ?? {};
      return { status: error.statusCode, error: { code, message } };
    }
    throw error;
  }
}

/** The session user's passkeys, named for the account page (none when the lookup fails). */
export async function listPasskeys(auth: Auth, headers: Headers) {
  try {
    const passkeys = await auth.api.listPasskeys({ headers });
    return passkeys.map((p) => ({
      name: p.name || 'Passkey',
      added: formatTime(p.createdAt),
    }));
  } catch {
    return [];
  }
}
