import { sessionClaims } from './session.claims.js';

describe('sessionClaims', () => {
  it('says which session signed in, how and when (seconds)', () => {
    expect(
      sessionClaims({ id: 's1', createdAt: '2026-01-01T00:00:01.900Z', amr: 'pwd otp' }),
    ).toEqual({ sid: 's1', amr: ['pwd', 'otp'], auth_time: 1767225601 });
  });

  it('leaves amr out for a session created before methods were recorded', () => {
    expect(sessionClaims({ id: 's2', createdAt: new Date(0), amr: null })).toEqual({
      sid: 's2',
      auth_time: 0,
    });
  });
});
