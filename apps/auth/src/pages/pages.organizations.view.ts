import { ORGANIZATION_ROLES } from '../organizations/organizations.plugin.js';
import { html, type SafeHtml } from './pages.html.js';
import { field, formMessages, layout, NOSCRIPT } from './pages.layout.js';

/** One of the user's organizations on the account page. */
export interface OrganizationRow {
  id: string;
  name: string;
  slug: string;
  active: boolean;
}

function organizationItem(o: OrganizationRow): SafeHtml {
  const what = html`<span
    ><strong>${o.name}</strong>${o.active && html`<span class="tag">Active</span>`}
    <span class="meta">${o.slug}</span></span
  >`;
  if (o.active) return html`<li>${what}</li>`;
  return html`<li>
    ${what}
    <form data-action="organization-set-active" method="post" novalidate>
      <input type="hidden" name="organizationId" value="${o.id}" />
      ${formMessages()}
      <button type="submit" class="secondary">
        Make active<span class="visually-hidden"> ${o.name}</span>
      </button>
    </form>
  </li>`;
}

/**
 * The account page's organizations section: the user's organizations (the active one marked, the
 * others with "Make active"), a form to create one and, with an active organization, a form to
 * invite someone to it by mail (Better Auth refuses it unless the user is its owner or admin).
 */
export function organizationsSection(rows: OrganizationRow[]): SafeHtml {
  const active = rows.find((o) => o.active);
  return html`<h2 id="organizations-title">Organizations</h2>
    ${
      rows.length
        ? html`<ul class="sessions" aria-labelledby="organizations-title">
            ${rows.map(organizationItem)}
          </ul>`
        : html`<p>You are not a member of any organization yet.</p>`
    }
    <h3>Create an organization</h3>
    <form data-action="organization-create" method="post" novalidate>
      ${field({ id: 'organization-name', name: 'organizationName', label: 'Organization name', type: 'text', autocomplete: 'organization' })}
      ${field({ id: 'organization-slug', name: 'slug', label: 'Slug', type: 'text', autocomplete: 'off', hint: 'Lower-case letters, digits and dashes; unique.' })}
      ${formMessages()}
      <div class="actions"><button type="submit">Create organization</button></div>
    </form>
    ${
      active &&
      html`<h3>Invite to ${active.name}</h3>
        <form data-action="organization-invite" method="post" novalidate>
          <input type="hidden" name="organizationId" value="${active.id}" />
          ${field({ id: 'invite-email', name: 'inviteEmail', label: 'Email to invite', type: 'email', autocomplete: 'off' })}
          <div class="field">
            <label for="invite-role">Role</label>
            <select id="invite-role" name="role">
              ${ORGANIZATION_ROLES.map(
                (role) =>
                  html`<option value="${role}" ${role === 'member' ? html` selected` : ''}>
                    ${role}
                  </option>`,
              )}
            </select>
          </div>
          ${formMessages()}
          <div class="actions"><button type="submit">Send invitation</button></div>
        </form>`
    }`;
}

/** What the accept page shows of a pending invitation addressed to the signed-in user. */
export interface InvitationView {
  id: string;
  organizationName: string;
  inviterEmail: string;
  role: string;
}

/** `GET /accept-invitation?id=`: join or decline, for the invited address's own session. */
export function acceptInvitationPage(v: InvitationView): string {
  return layout(
    `Join ${v.organizationName}`,
    html`<p>
        ${v.inviterEmail} invites you to join <strong>${v.organizationName}</strong> as
        <strong>${v.role}</strong>.
      </p>
      <form data-action="invitation" method="post" novalidate>
        <input type="hidden" name="invitationId" value="${v.id}" />
        ${formMessages()}
        <div class="actions">
          <button type="submit" name="decision" value="accept">Accept</button>
          <button type="submit" name="decision" value="decline" class="secondary">Decline</button>
        </div>
      </form>
      ${NOSCRIPT}`,
  );
}
