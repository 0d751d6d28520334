import { html, type SafeHtml } from './pages.html.js';
import { field, formMessages, layout, NOSCRIPT } from './pages.layout.js';
import { qrSvg } from './pages.qr.js';
import type { CarryThrough } from './pages.views.js';

const code = (hint: string) =>
  field({
    id: 'code',
    name: 'code',
    label: 'Code',
    type: 'text',
    autocomplete: 'one-time-code',
    hint,
  });

/** The "Code" page a password sign-in continues to when the account has two-factor on. */
export function twoFactorPage(c: CarryThrough): string {
  return layout(
    'Enter your code',
    html`<p>Open your authenticator app and enter the 6-digit code it shows for this account.</p>
      <form data-action="two-factor" method="post" novalidate>
        <input type="hidden" name="redirect" value="${c.redirect}" />
        ${code('Lost your device? Enter one of your backup codes instead.')} ${formMessages()}
        <div class="actions"><button type="submit">Verify</button></div>
      </form>
      ${NOSCRIPT}
      <nav class="links" aria-label="Other options">
        <a href="/sign-in${c.search}">Start again</a>
      </nav>`,
  );
}

/** What the account page shows about the second factor and passkeys. */
export interface SecurityView {
  twoFactorEnabled: boolean;
  passkeys: { name: string; added: string }[];
}

/** The account page's two-factor and passkey sections. */
export function securitySections(v: SecurityView): SafeHtml {
  const twoFactor = v.twoFactorEnabled
    ? html`<p>
          Two-factor authentication is on: signing in with your password also asks for a code.
        </p>
        <form data-action="two-factor-disable" method="post" novalidate>
          ${field({ id: 'disable-password', name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', hint: 'Your password, to turn two-factor authentication off.' })}
          ${formMessages()}
          <div class="actions">
            <button type="submit" class="danger">Turn off two-factor</button>
          </div>
        </form>`
    : html`<p>
          Protect your account with a code from an authenticator app as well as your password.
        </p>
        <form data-action="two-factor-enable" method="post" novalidate>
          ${field({ id: 'enable-password', name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', hint: 'Your password, to set up two-factor authentication.' })}
          ${formMessages()}
          <div class="actions"><button type="submit">Set up two-factor</button></div>
        </form>
        <div id="two-factor-setup"></div>`;
  return html`<h2>Two-factor authentication</h2>
    ${twoFactor}
    <h2 id="passkeys-title">Passkeys</h2>
    <p>Sign in with your fingerprint, face or security key instead of a password.</p>
    ${
      v.passkeys.length
        ? html`<ul class="sessions" aria-labelledby="passkeys-title">
            ${v.passkeys.map(
              (p) =>
                html`<li>
                  <span><strong>${p.name}</strong> <span class="meta">added ${p.added}</span></span>
                </li>`,
            )}
          </ul>`
        : ''
    }
    <form data-action="passkey-add" method="post" novalidate>
      ${formMessages()}
      <div class="actions"><button type="submit" class="secondary">Add a passkey</button></div>
    </form>`;
}

/** What `/two-factor/enable` answered, shown once to finish the set-up. */
export interface TwoFactorSetup {
  totpURI: string;
  backupCodes: string[];
}

/**
 * The set-up step (inserted into the account page): the QR code and the secret as text for the
 * authenticator app, the backup codes, and the form that checks a first code.
 */
export function twoFactorSetupFragment(s: TwoFactorSetup): SafeHtml {
  const secret = new URL(s.totpURI).searchParams.get('secret') ?? '';
  return html`<h3>Scan this code with your authenticator app</h3>
    ${qrSvg(s.totpURI, 'QR code for your authenticator app')}
    <p>Or enter this key by hand: <code class="secret">${secret}</code></p>
    <p>
      Keep these backup codes somewhere safe. Each one signs you in once if you lose your device.
    </p>
    <ul class="backup-codes">
      ${s.backupCodes.map((c) => html`<li><code>${c}</code></li>`)}
    </ul>
    <form data-action="two-factor-verify" method="post" novalidate>
      ${code('The 6-digit code your app shows now, to finish the set-up.')} ${formMessages()}
      <div class="actions"><button type="submit">Turn on two-factor</button></div>
    </form>`;
}
