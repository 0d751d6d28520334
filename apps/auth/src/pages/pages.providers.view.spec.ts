import { providersBlock, socialError } from './pages.providers.view.js';

describe('provider buttons', () => {
  it('renders nothing without providers', () => {
    expect(providersBlock([], '/account')).toBe('');
  });

  it('escapes the configured label and carries the redirect', () => {
    const block = String(providersBlock([{ id: 'oidc', label: '<b>Acme</b> "SSO"' }], '/a?b=1&c'));
    expect(block).toContain('Continue with &lt;b&gt;Acme&lt;/b&gt; &quot;SSO&quot;');
    expect(block).toContain('name="provider" value="oidc"');
    expect(block).toContain('value="/a?b=1&amp;c"');
  });

  it('explains a failed provider sign-in with fixed text only, never the query', () => {
    expect(String(socialError('account_not_linked'))).toContain('already exists');
    const unknown = String(socialError('<script>alert(1)</script>'));
    expect(unknown).toContain('did not work');
    expect(unknown).not.toContain('script');
    expect(socialError(undefined)).toBe('');
  });
});
