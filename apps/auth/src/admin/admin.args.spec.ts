import { AdminUsageError, parseAdminArgs, parseDuration } from './admin.args.js';

describe('parseAdminArgs', () => {
  it('parses each command', () => {
    expect(parseAdminArgs(['set-role', 'Ada@Example.com', 'admin'])).toEqual({
      name: 'set-role',
      email: 'ada@example.com',
      role: 'admin',
    });
    expect(
      parseAdminArgs(['ban', 'a@x.io', '--reason', 'spam links', '--expires-in', '7d']),
    ).toEqual({ name: 'ban', email: 'a@x.io', reason: 'spam links', expiresInS: 7 * 86400 });
    expect(parseAdminArgs(['ban', 'a@x.io'])).toEqual({ name: 'ban', email: 'a@x.io' });
    expect(parseAdminArgs(['unban', 'a@x.io'])).toEqual({ name: 'unban', email: 'a@x.io' });
    expect(parseAdminArgs(['revoke-sessions', 'a@x.io'])).toEqual({
      name: 'revoke-sessions',
      email: 'a@x.io',
    });
  });

  it.each([
    [[], /no command/],
    [['promote', 'a@x.io'], /unknown command promote/],
    [['set-role', 'a@x.io', 'owner'], /one of user, admin/],
    [['set-role', 'a@x.io'], /needs a role/],
    [['set-role', 'not-an-address', 'admin'], /email address/],
    [['unban'], /email address/],
    [['unban', 'a@x.io', 'extra'], /unexpected argument extra/],
    [['ban', 'a@x.io', '--reason'], /--reason needs a value/],
    [['ban', 'a@x.io', '--forever', 'yes'], /unknown option --forever/],
    [['ban', 'a@x.io', '--expires-in', 'soon'], /--expires-in/],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseAdminArgs(argv)).toThrow(AdminUsageError);
    expect(() => parseAdminArgs(argv)).toThrow(message);
  });
});

describe('parseDuration', () => {
  it('reads seconds, minutes, hours and days, and refuses zero', () => {
    expect([parseDuration('90'), parseDuration('15m'), parseDuration('12h')]).toEqual([
      90, 900, 43200,
    ]);
    expect(() => parseDuration('0')).toThrow(AdminUsageError);
    expect(() => parseDuration('-5m')).toThrow(AdminUsageError);
  });
});
