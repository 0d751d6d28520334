/**
 * TOTP codes for tests, with Better Auth's own OTP helper: the secret is the `secret` parameter of
 * the `otpauth://` URI `/two-factor/enable` returns (Base32 of the bytes Better Auth keys with).
 */
import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';

/** The current 6-digit code for an `otpauth://totp/...` URI. */
export async function totpCode(totpURI: string): Promise<string> {
  const secret = new URL(totpURI).searchParams.get('secret');
  if (!secret) throw new Error(`no secret in ${totpURI}`);
  return createOTP(base32.decode(secret)).totp();
}
