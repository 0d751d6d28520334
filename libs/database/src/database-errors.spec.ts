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
      'PostgreSQL shutting down under a Prisma query (57P01 in the driver adapter error)',
      err({
        code: 'P2039',
        message:
          'Invalid `db[model].findFirst()` invocation: Database error. Code: `57P01`. Message: `terminating connection due to administrator command`',
        meta: {
          modelName: 'User',
          driverAdapterError: err({
            name: 'DriverAdapterError',
            cause: { kind: 'postgres', code: '57P01' },
          }),
        },
      }),
    ],
    [
      'a lost connection reported by the driver adapter',
      err({
        code: 'P2039',
        meta: { driverAdapterError: err({ cause: { kind: 'ConnectionClosed' } }) },
      }),
    ],
    [
      'a refused socket in the cause, by message',
      err({ cause: new Error('connect ECONNREFUSED 127.0.0.1:5432') }),
    ],
    ['pg failing to connect in time', new Error('timeout exceeded when trying to connect')],
    ['PostgreSQL starting up, by message', new Error('the database system is starting up')],
  ])('recognises %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['record not found (P2025)', err({ code: 'P2025' })],
    ['a unique violation (P2002)', err({ code: 'P2002' })],
    ['a syntax error (42601)', err({ code: '42601' })],
    ['a plain error', new Error('boom')],
    [
      'a unique violation with its real message',
      err({ code: 'P2002', message: 'Unique constraint failed on the fields: (`email`)' }),
    ],
    [
      'a validation error quoting input that looks like an outage',
      err({
        name: 'PrismaClientValidationError',
        message:
          'Invalid `prisma.note.create()` invocation: { title: "connect ECONNREFUSED ETIMEDOUT" }',
      }),
    ],
    [
      'a query error whose quoted input names one',
      err({
        code: 'P2039',
        message: 'invalid input syntax for type uuid: "terminating connection due to admin"',
        meta: { driverAdapterError: err({ cause: { kind: 'postgres', code: '22P02' } }) },
      }),
    ],
    ['a syntax error by message', new Error('syntax error at or near "x"')],
    ['a non-error', 'Connection terminated'],
    ['null', null],
  ])('leaves %s alone', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
