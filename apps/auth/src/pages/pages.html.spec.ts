import { escapeHtml, html, SafeHtml } from './pages.html.js';

describe('html', () => {
  it('escapes every interpolated value', () => {
    const evil = `"><script>alert('x')</script>&`;
    expect(html`<a title="${evil}">${evil}</a>`.value).toBe(
      '<a title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">' +
        '&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</a>',
    );
  });

  it('keeps nested fragments, joins arrays and drops null, undefined and false', () => {
    const items = ['a<b', 'c'].map((t) => html`<li>${t}</li>`);
    // prettier-ignore
    const out = html`<ul>${items}</ul>${null}${undefined}${false}${0}`.value;
    expect(out).toBe('<ul><li>a&lt;b</li><li>c</li></ul>0');
    expect(html`${new SafeHtml('<b>ok</b>')}`.value).toBe('<b>ok</b>');
  });

  it('refuses to interpolate a plain object', () => {
    expect(() => html`${{ a: 1 }}`).toThrow(TypeError);
  });

  it('escapes the five special characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
