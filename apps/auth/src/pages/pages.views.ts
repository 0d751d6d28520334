import { html, type SafeHtml } from './pages.html.js';
import { field, formMessages, layout, NOSCRIPT } from './pages.layout.js';
import type { LoginProvider } from '../auth/social.providers.js';
import { providersBlock, socialError } from './pages.providers.view.js';
import { passkeySignInForm } from './pages.passkey.view.js';

/** Fixed notices a page may show after a redirect (`?notice=`): never text from the query itself. */
export const NOTICES: Record<string, string> = {
  'password-reset': 'Your password was changed. Sign in with the new one.',
  'password-changed': 'Your password was changed.',
  'signed-out': 'You are signed out.',
  'session-revoked': 'The session was signed out.',
  'email-verified': 'Your address is confirmed. Sign in to continue.',
  'two-factor-on': 'Two-factor authentication is on.',
  'two-factor-off': 'Two-factor authentication is off.',
  'passkey-added': 'Your passkey was added. You can sign in with it now.',
  'organization-created': 'The organization was created. It is now your active organization.',
  'organization-active': 'Your active organization changed. New tokens carry it.',
  'invitation-sent': 'The invitation was sent.',
  'invitation-accepted': 'You joined the organization. It is now your active organization.',
  'invitation-declined': 'You declined the invitation.',
};

/** The fixed notice named by `?notice=`, if any. */
export function notice(key: string | undefined): SafeHtml | '' {
  const text = key ? NOTICES[key] : undefined;
  return text ? html`<p class="notice" role="status">${text}</p>` : '';
}

const email = (id: string) =>
  field({ id, name: 'email', label: 'Email', type: 'email', autocomplete: 'email' });

/** What the sign-in and sign-up pages carry through: the sanitised redirect and the raw query. */
export interface CarryThrough {
  redirect: string;
  /** This page's query string (`?…` or empty), for links to the sibling pages. */
  search: string;
  notice?: string;
  oauthPending: boolean;
  /** The configured social / OpenID Connect providers (buttons). */
  providers: LoginProvider[];
  /** `?error=` of a provider sign-in that came back without a session. */
  error?: string;
}

export function signInPage(c: CarryThrough): string {
  return layout(
    'Sign in',
    html`${notice(c.notice)}${socialError(c.error)}${c.oauthPending && html`<p>Sign in to continue to the application that sent you here.</p>`}
      <form data-action="sign-in" method="post" novalidate>
        <input type="hidden" name="redirect" value="${c.redirect}" />
        ${email('email')}
        ${field({ id: 'password', name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' })}
        ${formMessages()}
        <div class="actions"><button type="submit">Sign in</button></div>
      </form>
      ${passkeySignInForm()} ${providersBlock(c.providers, c.redirect)} ${NOSCRIPT}
      <nav class="links" aria-label="Other options">
        <a href="/sign-up${c.search}">Create an account</a>
        <a href="/forgot-password">Forgot your password?</a>
      </nav>`,
  );
}

export function signUpPage(c: CarryThrough): string {
  return layout(
    'Create an account',
    html`${c.oauthPending && html`<p>Create an account to continue to the application that sent you here.</p>`}
      <form data-action="sign-up" method="post" novalidate>
        <input type="hidden" name="redirect" value="${c.redirect}" />
        ${field({ id: 'name', name: 'name', label: 'Name', type: 'text', autocomplete: 'name' })}
        ${email('email')}
        ${field({ id: 'password', name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', hint: 'At least 8 characters.', minLength: 8 })}
        ${formMessages()}
        <div class="actions"><button type="submit">Create account</button></div>
      </form>
      ${providersBlock(c.providers, c.redirect)} ${NOSCRIPT}
      <nav class="links" aria-label="Other options">
        <a href="/sign-in${c.search}">Already have an account? Sign in</a>
      </nav>`,
  );
}

/** `resetUrl`: where the mailed link lands (this server's `/reset-password`, from `AUTH_URL`). */
export function forgotPasswordPage(resetUrl: string): string {
  return layout(
    'Forgot your password?',
    html`<p>
        Enter the address you signed up with. If it has an account, we send it a link to set a new
        password.
      </p>
      <form data-action="forgot-password" method="post" novalidate>
        <input type="hidden" name="redirectTo" value="${resetUrl}" />
        ${email('email')} ${formMessages()}
        <div class="actions"><button type="submit">Send reset link</button></div>
      </form>
      ${NOSCRIPT}
      <nav class="links" aria-label="Other options"><a href="/sign-in">Back to sign in</a></nav>`,
  );
}

/** The page the mailed link lands on: with a token, the new-password form; without, why not. */
export function resetPasswordPage(token: string | undefined): { html: string; status: number } {
  if (!token) {
    return {
      status: 400,
      html: layout(
        'Set a new password',
        html`<p class="form-error" role="alert">This reset link is not valid or has expired.</p>
          <nav class="links" aria-label="Other options">
            <a href="/forgot-password">Ask for a new link</a><a href="/sign-in">Back to sign in</a>
          </nav>`,
      ),
    };
  }
  return {
    status: 200,
    html: layout(
      'Set a new password',
      html`<form data-action="reset-password" method="post" novalidate>
          <input type="hidden" name="token" value="${token}" />
          ${field({ id: 'password', name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', hint: 'Your new password, at least 8 characters.', minLength: 8 })}
          ${formMessages()}
          <div class="actions"><button type="submit">Set new password</button></div>
        </form>
        ${NOSCRIPT}
        <nav class="links" aria-label="Other options">
          <a href="/forgot-password">Ask for a new link</a>
        </nav>`,
    ),
  };
}

/** A page that only explains a problem (unknown client, broken request). */
export function problemPage(title: string, message: string, status = 400) {
  return {
    status,
    html: layout(
      title,
      html`<p class="form-error" role="alert">${message}</p>
        <nav class="links" aria-label="Other options"><a href="/account">Your account</a></nav>`,
    ),
  };
}
