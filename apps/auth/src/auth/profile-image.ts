import { APIError } from 'better-auth/api';
import { INPUT_LIMITS } from './auth.limits.js';

/** Where each endpoint carries a profile image URL: the body itself, or its `data` object (admin). */
const IMAGE_HOLDERS: Readonly<Record<string, 'body' | 'data'>> = {
  '/sign-up/email': 'body',
  '/update-user': 'body',
  '/admin/create-user': 'data',
  '/admin/update-user': 'data',
};

/** Schemes a profile image may use: `https:` only in production, `http:` too for local work. */
export function imageSchemes(production: boolean): readonly string[] {
  return production ? ['https:'] : ['https:', 'http:'];
}

/**
 * True when `value` is an absolute URL with one of `schemes`, a host and no credentials, at most
 * {@link INPUT_LIMITS.image} characters, with no whitespace or control characters (which the URL
 * parser would silently strip, so ` javascript:` could pass as a parsed URL and be stored raw).
 */
export function isAllowedImageUrl(value: string, schemes: readonly string[]): boolean {
  if (value.length > INPUT_LIMITS.image || /[\s\p{Cc}]/u.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return schemes.includes(url.protocol) && !!url.hostname && !url.username && !url.password;
}

function imageOf(path: string, body: unknown): { present: boolean; value?: unknown } {
  const holder = Object.hasOwn(IMAGE_HOLDERS, path) ? IMAGE_HOLDERS[path] : undefined;
  if (!holder || !body || typeof body !== 'object') return { present: false };
  const source = holder === 'body' ? body : (body as { data?: unknown }).data;
  if (!source || typeof source !== 'object' || !('image' in source)) return { present: false };
  return { present: true, value: (source as { image?: unknown }).image };
}

/**
 * Part of the kit's before hook (auth.layers.ts): a profile `image` is stored and shown by
 * front-ends as a link or an `<img src>`, so only web URLs are accepted (`javascript:`, `data:` and
 * the like are a 400); `null` clears it.
 */
export function checkProfileImage(ctx: { path: string; body?: unknown }, production: boolean) {
  const { present, value } = imageOf(ctx.path, ctx.body);
  if (!present || value === null || value === undefined) return;
  const schemes = imageSchemes(production);
  if (typeof value === 'string' && isAllowedImageUrl(value, schemes)) return;
  throw new APIError('BAD_REQUEST', {
    code: 'INVALID_IMAGE_URL',
    message: `image must be an ${schemes.join(' or ')} URL of at most ${INPUT_LIMITS.image} characters, or null`,
  });
}
