import { describeScopes } from './pages.scopes.js';

it('describes known scopes in plain words, names unknown ones and drops repeats', () => {
  expect(describeScopes('openid notes:read notes:read custom:thing')).toEqual([
    'Confirm who you are',
    'Read your notes',
    'Use the permission “custom:thing”',
  ]);
  expect(describeScopes(undefined)).toEqual([]);
});
