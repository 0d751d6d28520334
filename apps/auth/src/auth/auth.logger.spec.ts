import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { MAX_LOG_LINE, betterAuthLogger, boundLine } from './auth.logger.js';

describe('Better Auth logger', () => {
  afterEach(() => jest.restoreAllMocks());

  it('leaves short lines alone and cuts long ones, saying how much was cut', () => {
    expect(boundLine('short')).toBe('short');
    const long = 'x'.repeat(40_000);
    const bounded = boundLine(long);
    expect(bounded.startsWith('x'.repeat(MAX_LOG_LINE))).toBe(true);
    expect(bounded).toContain(`(${40_000 - MAX_LOG_LINE} more characters)`);
    expect(bounded.length).toBeLessThan(MAX_LOG_LINE + 40);
  });

  it('writes an attacker-sized value as one bounded line without the error stack', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const failure = new Error(
      `Invalid redirectTo: ${'a'.repeat(40_000)}\n    at secret (query.ts:1)`,
    );
    betterAuthLogger('development').log('error', 'request failed', failure);
    expect(error).toHaveBeenCalledTimes(1);
    const line = error.mock.calls[0][0] as string;
    expect(line.length).toBeLessThan(MAX_LOG_LINE + 40);
    expect(line).toMatch(/^request failed Error: Invalid redirectTo: a+… \(\d+ more characters\)$/);
    expect(line).not.toContain('query.ts');
  });
});
