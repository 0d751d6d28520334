/** Markup that is already safe to send: produced by {@link html}, never from user input. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Objects have no markup of their own: interpolating one is a bug, not "[object Object]".
  throw new TypeError('html: only text, numbers, SafeHtml and arrays of them can be interpolated');
}

/**
 * Tagged template for page markup: every interpolated value is escaped unless it is itself
 * {@link SafeHtml} (a fragment built by `html`); arrays are joined; `null`, `undefined` and `false`
 * render nothing, so `${cond && html`…`}` works.
 *
 * @example
 * html`<p>Signed in as ${user.email}</p>` // a `<` in the address becomes `&lt;`
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}
