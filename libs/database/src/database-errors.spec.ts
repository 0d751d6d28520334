import { isDatabaseUnavailable } from './database-errors.js';

const err = (fields: Record<string, unknown>) => Object.assign(new Error('x'), fields);

describe('isDatabaseUnavailable', () => {
  it.each([
    ['Prisma P1001 (unreachable)', err({ code: 'P1001' })],
    ['Prisma P1017 (connection closed)', err({ code: 'P1017' })],
    ['Prisma P2024 (pool timeout)', err({ code: 'P2024' })],
    ['an initialization error', err({ name: 'PrismaClientInitializationError' })],
    ['pg losing its connection', new Error('Connection terminated unexpectedly')],
    ['a refused socket in the cause', err({ cause: err({ code: 'ECONNREFUSED' }) })],
    ['PostgreSQL admin shutdown (57P01)', err({ cause: { originalCode: '57P01' } })],
    ['PostgreSQL starting up (57P03)', err({ code: '57P03' })],
    ['a connection exception (08006)', err({ code: '08006' })],
    [
      'PostgreSQL shutting down under a Prisma query (message only)',
      err({
        code: 'P2039',
        message:
          'Invalid `db[model].findFirst()` invocation: Database error. Code: `57P01`. Message: `terminating connection due to administrator command`',
      }),
    ],
    [
      'a refused socket in the cause, by message',
      err({ cause: new Error('connect ECONNREFUSED 127.0.0.1:5432') }),
    ],
    ["Prisma's unreachable message", new Error("Can't reach database server at 127.0.0.1:5432")],
    ['PostgreSQL starting up, by message', new Error('the database system is starting up')],
  ])('recognises %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['record not found (P2025)', err({ code: 'P2025' })],
    ['a unique violation (P2002)', err({ code: 'P2002' })],
    ['a syntax error (42601)', err({ code: '42601' })],
    ['a plain error', new Error('boom')],
    ['a non-error', 'Connection terminated'],
    ['null', null],
  ])('leaves %s alone', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
