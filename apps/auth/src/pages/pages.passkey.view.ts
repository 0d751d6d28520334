import { html, type SafeHtml } from './pages.html.js';
import { formMessages } from './pages.layout.js';

/** The sign-in page's passkey button (the pages' script runs the WebAuthn ceremony). */
export function passkeySignInForm(redirect: string): SafeHtml {
  return html`<form data-action="passkey-sign-in" method="post" novalidate>
    <input type="hidden" name="redirect" value="${redirect}" />
    ${formMessages()}
    <div class="actions">
      <button type="submit" class="secondary">Sign in with a passkey</button>
    </div>
  </form>`;
}
