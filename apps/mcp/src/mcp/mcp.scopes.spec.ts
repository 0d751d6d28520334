import { mayUseTool, missingScopes } from './mcp.scopes.js';

const call = (name: unknown) => ({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name } });

describe('mcp scopes', () => {
  it('asks for notes:write on write tools and notes:read on read tools and resources', () => {
    expect(missingScopes(call('create_note'), ['notes:read'])).toEqual(['notes:write']);
    expect(missingScopes(call('delete_note'), ['notes:read'])).toEqual(['notes:write']);
    expect(missingScopes(call('list_notes'), ['notes:write'])).toEqual(['notes:read']);
    expect(
      missingScopes({ jsonrpc: '2.0', id: 1, method: 'resources/read', params: {} }, []),
    ).toEqual(['notes:read']);
  });

  it('lets granted, unscoped and unknown calls through to the transport', () => {
    expect(missingScopes(call('create_note'), ['notes:read', 'notes:write'])).toEqual([]);
    expect(missingScopes(call('whoami'), [])).toEqual([]);
    expect(missingScopes(call('no_such_tool'), [])).toEqual([]);
    expect(missingScopes(call('__proto__'), [])).toEqual([]);
    expect(missingScopes(call(42), [])).toEqual([]);
    expect(missingScopes({ method: 'initialize' }, [])).toEqual([]);
    expect(missingScopes(undefined, [])).toEqual([]);
    expect(missingScopes('garbage', [])).toEqual([]);
  });

  it('collects what every message of a batch needs', () => {
    expect(missingScopes([call('get_note'), call('update_note')], [])).toEqual([
      'notes:read',
      'notes:write',
    ]);
  });

  it('hides tools whose scope is missing', () => {
    expect(mayUseTool('whoami', [])).toBe(true);
    expect(mayUseTool('get_note', ['notes:read'])).toBe(true);
    expect(mayUseTool('create_note', ['notes:read'])).toBe(false);
  });
});
