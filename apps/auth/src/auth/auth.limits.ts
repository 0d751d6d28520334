import { APIError } from 'better-auth/api';

/** Longest accepted values. Better Auth itself also caps passwords (`maxPasswordLength`). */
export const INPUT_LIMITS = {
  email: 254,
  name: 100,
  password: 128,
  newPassword: 128,
  currentPassword: 128,
  image: 2048,
  callbackURL: 2048,
  redirectTo: 2048,
  token: 4096, // also OAuth access tokens (JWTs) sent to /oauth2/introspect and /oauth2/revoke
  code: 64, // two-factor codes: 6 digits, or a backup code (xxxxx-xxxxx)
  slug: 100, // organizations (their `name` shares the user's limit)
  logo: 2048,
} as const;

/** Fields that must be strings when present (Better Auth leaves `update-user` loosely typed). */
const STRING_FIELDS = ['name', 'image'] as const;

function refuse(code: string, message: string): never {
  throw new APIError('BAD_REQUEST', { code, message });
}

function checkBody(path: string, body: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(body)) {
    // PostgreSQL text cannot hold NUL: refuse it here rather than fail in the driver.
    if (typeof value === 'string' && value.includes('\u0000')) {
      refuse('INVALID_CHARACTERS', `${field} must not contain NUL characters`);
    }
    const max = INPUT_LIMITS[field as keyof typeof INPUT_LIMITS];
    if (max !== undefined && typeof value === 'string' && value.length > max) {
      refuse('VALUE_TOO_LONG', `${field} must be at most ${max} characters`);
    }
  }
  for (const field of STRING_FIELDS) {
    const value = body[field];
    if (
      value !== undefined &&
      typeof value !== 'string' &&
      !(field === 'image' && value === null)
    ) {
      refuse('VALIDATION_ERROR', `${field} must be a string`);
    }
  }
  if ((path === '/sign-up/email' || path === '/update-user') && typeof body.name === 'string') {
    if (!body.name.trim()) refuse('VALIDATION_ERROR', 'name must not be empty');
  }
}

/** The parts of a Better Auth hook context the kit's hooks read. */
export interface HookInput {
  path: string;
  body?: unknown;
}

/**
 * Part of the kit's before hook (auth.layers.ts): refuses over-long strings, NUL characters and
 * mistyped profile fields with a 400 naming the field, before Better Auth hashes, stores or looks
 * anything up.
 */
export function checkInput(ctx: HookInput): void {
  const body = ctx.body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    checkBody(ctx.path, body as Record<string, unknown>);
  }
}
