import { html, type SafeHtml } from './pages.html.js';
import { formMessages } from './pages.layout.js';

/**
 * The sign-in page's passkey button (the pages' script runs the WebAuthn ceremony and then follows
 * the sign-in form's redirect). Its name does not contain "Sign in", which names the password
 * form's button.
 */
export function passkeySignInForm(): SafeHtml {
  return html`<form data-action="passkey-sign-in" method="post" novalidate>
    ${formMessages()}
    <div class="actions">
      <button type="submit" class="secondary">Use a passkey</button>
    </div>
  </form>`;
}
