import { html, type SafeHtml } from './pages.html.js';

/** Name shown above every page. */
export const SITE_NAME = 'Nest Auth Kit';

/** The document around a page: language, viewport, the one stylesheet and script, one `<main>`. */
export function layout(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · ${SITE_NAME}</title>
        <link rel="stylesheet" href="/assets/pages.css" />
        <script src="/assets/pages.js" defer></script>
      </head>
      <body>
        <header class="site">${SITE_NAME}</header>
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html> `.value;
}

/** One labelled input; its message (`<id>-error`) is in its `aria-describedby`, next to it. */
export interface FieldSpec {
  id: string;
  name: string;
  label: string;
  type: 'email' | 'password' | 'text';
  autocomplete: string;
  hint?: string;
  minLength?: number;
  value?: string;
}

export function field(spec: FieldSpec): SafeHtml {
  const hintId = spec.hint ? `${spec.id}-hint` : '';
  const describedBy = [hintId, `${spec.id}-error`].filter(Boolean).join(' ');
  return html`<div class="field">
    <label for="${spec.id}">${spec.label}</label>
    ${spec.hint && html`<p class="hint" id="${hintId}">${spec.hint}</p>`}
    <input
      id="${spec.id}"
      name="${spec.name}"
      type="${spec.type}"
      autocomplete="${spec.autocomplete}"
      required${
        spec.minLength ? html` minlength="${spec.minLength}"` : ''
      }${spec.type === 'email' ? html` inputmode="email" autocapitalize="none" spellcheck="false"` : ''}${
        spec.value !== undefined ? html` value="${spec.value}"` : ''
      }
      aria-describedby="${describedBy}"
    />
    <p class="error" id="${spec.id}-error" aria-live="polite"></p>
  </div>`;
}

/** The form's own error (announced at once) and status (announced politely) lines. */
export function formMessages(): SafeHtml {
  return html`<p class="form-error" role="alert"></p>
    <p class="status" role="status"></p>`;
}

/** Shown only when the script cannot run: the forms need it to reach Better Auth. */
export const NOSCRIPT = html`<noscript
  ><p>This page needs JavaScript to sign you in.</p></noscript
>`;
