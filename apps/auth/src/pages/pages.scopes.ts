import { NOTES_SCOPE_WORDS } from '#notes';
/** What each scope lets a client do, in the words the consent page shows. */
const SCOPE_WORDS: Record<string, string> = {
  openid: 'Confirm who you are',
  profile: 'See your name',
  email: 'See your email address',
  offline_access: 'Keep access while you are away, without asking you again',
  ...NOTES_SCOPE_WORDS,
};

/** The consent page's lines for a space-separated scope list (unknown scopes named as they are). */
export function describeScopes(scope: string | undefined): string[] {
  const scopes = [...new Set((scope ?? '').split(' ').filter(Boolean))];
  return scopes.map((s) => SCOPE_WORDS[s] ?? `Use the permission “${s}”`);
}
