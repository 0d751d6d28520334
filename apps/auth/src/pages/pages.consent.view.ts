import { html } from './pages.html.js';
import { formMessages, layout, NOSCRIPT } from './pages.layout.js';

/** What the consent page shows about the pending request. */
export interface ConsentView {
  clientName: string;
  /** Host the browser goes back to, so the person sees where the answer is sent. */
  redirectHost: string;
  scopes: string[];
  userEmail: string;
}

export function consentPage(v: ConsentView): string {
  return layout(
    `Allow ${v.clientName} to use your account?`,
    html`<p>Signed in as <strong>${v.userEmail}</strong>.</p>
      <p id="scopes-intro"><strong>${v.clientName}</strong> is asking to:</p>
      <ul class="scopes" aria-labelledby="scopes-intro">
        ${v.scopes.map((s) => html`<li>${s}</li>`)}
      </ul>
      <p>
        Your answer is sent back to <strong>${v.redirectHost}</strong>. Allow only applications you
        trust.
      </p>
      <form data-action="consent" method="post" novalidate>
        ${formMessages()}
        <div class="actions">
          <button type="submit" name="decision" value="allow">Allow</button>
          <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
        </div>
      </form>
      ${NOSCRIPT}`,
  );
}
