import { createHash } from 'node:crypto';
import { hashVerificationIdentifier, RESET_PASSWORD_PREFIX } from './verification-tokens.js';

describe('hashVerificationIdentifier', () => {
  it('stores a reset token as its SHA-256 behind the kind prefix, never the token itself', () => {
    const identifier = `${RESET_PASSWORD_PREFIX}abcdefghijklmnopqrstuvwx`;
    const stored = hashVerificationIdentifier(identifier);
    const digest = createHash('sha256').update(identifier).digest('base64url');
    expect(stored).toBe(`${RESET_PASSWORD_PREFIX}${digest}`);
    expect(stored).not.toContain('abcdefghijklmnopqrstuvwx');
    expect(hashVerificationIdentifier(identifier)).toBe(stored);
  });

  it('hashes identifiers without a kind prefix whole', () => {
    const stored = hashVerificationIdentifier('delete-account-secret-token');
    expect(stored).toMatch(/^[\w-]{43}$/);
    expect(stored).not.toContain('secret');
  });
});
