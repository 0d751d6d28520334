import { html, type SafeHtml } from './pages.html.js';
import { field, formMessages, layout, NOSCRIPT } from './pages.layout.js';
import { organizationsSection, type OrganizationRow } from './pages.organizations.view.js';
import { notice } from './pages.views.js';
import { securitySections, type SecurityView } from './pages.two-factor.view.js';

/** One row of the account page's session list. */
export interface SessionRow {
  id: string;
  device: string;
  address: string;
  started: string;
  current: boolean;
}

export interface AccountView extends SecurityView {
  name: string;
  email: string;
  sessions: SessionRow[];
  organizations: OrganizationRow[];
  notice?: string;
}

function sessionItem(s: SessionRow): SafeHtml {
  const what = html`<span
    ><strong>${s.device}</strong>${s.current && html`<span class="tag">This device</span>`}
    <span class="meta">${s.address} · signed in ${s.started}</span></span
  >`;
  if (s.current) return html`<li>${what}</li>`;
  return html`<li>
    ${what}
    <form method="post" action="/account/sessions/${s.id}/revoke">
      <button type="submit" class="danger">
        Revoke<span class="visually-hidden">
          the session of ${s.device}, signed in ${s.started}</span
        >
      </button>
    </form>
  </li>`;
}

export function accountPage(v: AccountView): string {
  return layout(
    'Your account',
    html`${notice(v.notice)}
      <p>Signed in as <strong>${v.name}</strong> (${v.email}).</p>
      <form data-action="sign-out" method="post" novalidate>
        ${formMessages()}
        <div class="actions"><button type="submit" class="secondary">Sign out</button></div>
      </form>
      <h2 id="sessions-title">Sessions</h2>
      <p>Where your account is signed in. Revoke a session you do not recognise.</p>
      ${
        v.sessions.length
          ? html`<ul class="sessions" aria-labelledby="sessions-title">
              ${v.sessions.map(sessionItem)}
            </ul>`
          : html`<p>
              Sessions are listed only shortly after signing in: sign out and in again to see them.
            </p>`
      }
      ${organizationsSection(v.organizations)}
      <h2>Change password</h2>
      <form data-action="change-password" method="post" novalidate>
        ${field({ id: 'current-password', name: 'currentPassword', label: 'Current password', type: 'password', autocomplete: 'current-password' })}
        ${field({ id: 'new-password', name: 'newPassword', label: 'New password', type: 'password', autocomplete: 'new-password', hint: 'At least 8 characters. Your other sessions are signed out; this one stays.', minLength: 8 })}
        ${formMessages()}
        <div class="actions"><button type="submit">Change password</button></div>
      </form>
      ${securitySections(v)} ${NOSCRIPT}`,
  );
}
