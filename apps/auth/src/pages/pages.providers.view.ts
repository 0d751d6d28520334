import type { LoginProvider } from '../auth/social.providers.js';
import { html, type SafeHtml } from './pages.html.js';

/**
 * Fixed messages for the `?error=` codes Better Auth appends when a social or OpenID Connect
 * sign-in comes back without a session: never text from the query itself.
 */
const SOCIAL_ERRORS: Record<string, string> = {
  account_not_linked:
    'An account with this address already exists. Sign in with your password; the provider can be used once its address is confirmed on both sides.',
  signup_disabled: 'No account uses this address yet.',
  email_not_found: 'The provider did not share an email address.',
};
const SOCIAL_FAILED = 'Signing in with that provider did not work. Try again or use your password.';

/** The alert for a failed provider sign-in (`?error=` from Better Auth's callback), if any. */
export function socialError(code: string | undefined): SafeHtml | '' {
  if (!code) return '';
  const text = SOCIAL_ERRORS[code] ?? SOCIAL_FAILED;
  return html`<p class="form-error" role="alert">${text}</p>`;
}

/**
 * One "Continue with …" button per configured provider, in a form the page script turns into
 * Better Auth's `POST /api/auth/sign-in/social` (with the pending OAuth request, if any). Nothing
 * when no provider is configured.
 */
export function providersBlock(providers: LoginProvider[], redirect: string): SafeHtml | '' {
  if (!providers.length) return '';
  return html`<section class="providers" aria-labelledby="providers-title">
    <h2 id="providers-title">Or continue with</h2>
    <form data-action="social" method="post" novalidate>
      <input type="hidden" name="redirect" value="${redirect}" />
      <div class="actions">
        ${providers.map(
          (p) =>
            html`<button type="submit" class="secondary" name="provider" value="${p.id}">
              Continue with ${p.label}
            </button>`,
        )}
      </div>
      <p class="form-error" role="alert"></p>
    </form>
  </section>`;
}
