/** One hostile request to the auth server. */
export interface AuthCase {
  group: string;
  name: string;
  method: string;
  path: string;
  headers: [string, string][];
  body?: string | Buffer;
  /** Set when the case may legitimately create a user (a sign-up whose only odd part is free text). */
  mayCreateUser?: boolean;
}

/** Values of every type, size, encoding and intent, for any field. */
function hostileValues(): [string, unknown][] {
  return [
    ['null', null],
    ['true', true],
    ['zero', 0],
    ['negative', -1],
    ['float', 1.5],
    ['1e308', 1e308],
    ['max safe integer + 2', Number.MAX_SAFE_INTEGER + 2],
    ['empty array', []],
    ['array of strings', ['a@example.com', 'b@example.com']],
    ['nested array', [[['x']]]],
    ['empty object', {}],
    ['operator object', { $ne: null, $gt: '' }],
    ['object with toString', { toString: 'x', valueOf: 1 }],
    ['empty string', ''],
    ['whitespace', ' \t\n '],
    ['256 characters', 'a'.repeat(256)],
    ['5 000 characters', 'a'.repeat(5000)],
    ['40 000 characters', 'x'.repeat(40_000)],
    ['NUL byte', 'a\u0000b'],
    ['control characters', '\u0001\u0002\u001b[31m'],
    ['right-to-left override', '\u202egnp.exe'],
    ['lone surrogate', '\ud800'],
    ['byte order mark', '\ufeffvalue'],
    ['zero-width space', 'a\u200bb'],
    ['emoji', '😀🔥👨‍👩‍👧'],
    ['mathematical letters', '𝕦𝕤𝕖𝕣'],
    ['combining marks x2000', 'e\u0301'.repeat(2000)],
    ['cyrillic homoglyph email', 'аdmin@example.com'],
    ['idn email', 'ü@exämple.com'],
    ['SQL injection', "' OR '1'='1' --"],
    ['SQL statement', '"; DROP TABLE "user"; --'],
    ['HTML', '<script>alert(1)</script>'],
    ['template', '{{7*7}}${7*7}#{7*7}'],
    ['path traversal', '../../../../etc/passwd'],
    ['CRLF header injection', 'a\r\nSet-Cookie: pwned=1'],
    ['percent NUL', '%00%0d%0a'],
    ['format string', '%s%s%s%n%x'],
    ['javascript URL', 'javascript:alert(document.cookie)'],
    ['foreign URL', 'https://evil.example/steal'],
    ['protocol-relative URL', '//evil.example/steal'],
    ['__proto__ string', '__proto__'],
  ];
}

/** The POST endpoints of Better Auth the kit exposes, with a valid-looking template body. */
function postEndpoints(
  origin: string,
): { path: string; template: Record<string, unknown>; fields: string[] }[] {
  return [
    {
      path: '/api/auth/sign-up/email',
      template: { email: 'EMAIL', password: 'correct horse battery staple', name: 'Fuzz' },
      fields: ['email', 'password', 'name'],
    },
    {
      path: '/api/auth/sign-in/email',
      template: { email: 'nobody@example.com', password: 'correct horse battery staple' },
      fields: ['email', 'password'],
    },
    {
      path: '/api/auth/request-password-reset',
      template: { email: 'nobody@example.com', redirectTo: `${origin}/reset` },
      fields: ['email', 'redirectTo'],
    },
    {
      path: '/api/auth/reset-password',
      template: { newPassword: 'another long password', token: 'no-such-token' },
      fields: ['newPassword', 'token'],
    },
    {
      path: '/api/auth/change-password',
      template: { currentPassword: 'x'.repeat(10), newPassword: 'y'.repeat(10) },
      fields: ['newPassword'],
    },
    {
      path: '/api/auth/send-verification-email',
      template: { email: 'nobody@example.com', callbackURL: '/' },
      fields: ['email', 'callbackURL'],
    },
  ];
}

/** Raw bodies that are not what a JSON endpoint expects. */
function rawBodies(): [string, string, string | Buffer][] {
  const json = 'application/json';
  return [
    ['empty body', json, ''],
    ['JSON null', json, 'null'],
    ['JSON array', json, '[]'],
    ['JSON string', json, '"string"'],
    ['JSON number', json, '123'],
    ['truncated JSON', json, '{"email":'],
    ['trailing comma', json, '{"email":"a@example.com",}'],
    ['JSON with a BOM', json, '\ufeff{"email":"a@example.com"}'],
    ['invalid UTF-8', json, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0xfd, 0x22, 0x7d])],
    [
      'UTF-16LE JSON',
      'application/json; charset=utf-16le',
      Buffer.from('{"email":"a@example.com"}', 'utf16le'),
    ],
    ['JSON sent as text/plain', 'text/plain', '{"email":"a@example.com","password":"x"}'],
    [
      'form-urlencoded',
      'application/x-www-form-urlencoded',
      'email=a%40example.com&password=x&name=y',
    ],
    [
      'multipart garbage',
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b\r\n--x--',
    ],
    [
      'XML',
      'application/xml',
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    ],
    ['no content type', '', '{"email":"a@example.com"}'],
    ['nested 20 000 arrays deep', json, `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
    ['nested 5 000 objects deep', json, `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`],
    [
      '5 000 keys',
      json,
      JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]))),
    ],
    [
      'duplicate keys',
      json,
      '{"email":"a@example.com","email":{"$ne":null},"password":"x","password":[]}',
    ],
    [
      'number beyond double range',
      json,
      '{"email":1e400,"password":123456789012345678901234567890}',
    ],
    [
      '__proto__ pollution',
      json,
      '{"__proto__":{"polluted":"yes","role":"admin"},"email":"a@example.com","password":"x"}',
    ],
    [
      'constructor.prototype pollution',
      json,
      '{"constructor":{"prototype":{"polluted":"yes"}},"email":"a@example.com"}',
    ],
    [
      '__proto__ inside a field',
      json,
      '{"email":{"__proto__":{"polluted":"yes"}},"password":{"constructor":{"prototype":{"polluted":"yes"}}}}',
    ],
    [
      'over the 64 KiB body limit',
      json,
      JSON.stringify({ email: 'a@example.com', password: 'p'.repeat(70 * 1024) }),
    ],
  ];
}

let counter = 0;
/** A unique address for a sign-up whose email is not the field under attack. */
const uniqueEmail = () => `fuzz-${process.pid}-${++counter}-${Date.now()}@example.com`;

/**
 * At least a few hundred malformed and hostile requests across the auth server's public endpoints:
 * every field of every POST endpoint replaced by each hostile value, raw bodies and encodings, extra
 * privileged fields, prototype-pollution keys, wrong methods, hostile paths, queries, cookies and
 * bearer tokens. `origin` is the server's own origin, sent as `Origin` (so CSRF checks pass and the
 * input reaches validation).
 */
export function buildAuthCorpus(origin: string): AuthCase[] {
  const cases: AuthCase[] = [];
  const base: [string, string][] = [['origin', origin]];
  const jsonHeaders: [string, string][] = [...base, ['content-type', 'application/json']];

  for (const endpoint of postEndpoints(origin)) {
    const template = () => {
      const body = { ...endpoint.template };
      if (body.email === 'EMAIL') body.email = uniqueEmail();
      return body;
    };
    for (const field of endpoint.fields) {
      for (const [label, value] of hostileValues()) {
        const body = { ...template(), [field]: value };
        cases.push({
          group: `${endpoint.path} field values`,
          name: `${field} = ${label}`,
          method: 'POST',
          path: endpoint.path,
          headers: jsonHeaders,
          body: JSON.stringify(body),
          // A sign-up whose password or name is odd but a string of acceptable length may succeed.
          mayCreateUser: endpoint.path.endsWith('/sign-up/email') && field !== 'email',
        });
      }
      cases.push({
        group: `${endpoint.path} field values`,
        name: `${field} missing`,
        method: 'POST',
        path: endpoint.path,
        headers: jsonHeaders,
        body: JSON.stringify(
          Object.fromEntries(Object.entries(template()).filter(([k]) => k !== field)),
        ),
      });
    }
    for (const [label, type, body] of rawBodies()) {
      const headers: [string, string][] = type ? [...base, ['content-type', type]] : base;
      cases.push({
        group: `${endpoint.path} bodies and encodings`,
        name: label,
        method: 'POST',
        path: endpoint.path,
        headers,
        body,
      });
    }
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
      cases.push({
        group: 'methods',
        name: `${method} ${endpoint.path}`,
        method,
        path: endpoint.path,
        headers: jsonHeaders,
        body: method === 'GET' ? undefined : JSON.stringify(template()),
      });
    }
  }

  // Privileged fields a client must not be able to set at sign-up.
  for (const [label, extra] of [
    ['role: admin', { role: 'admin' }],
    ['emailVerified: true', { emailVerified: true }],
    ['id chosen by the client', { id: 'chosen-id' }],
    ['createdAt in the past', { createdAt: '2000-01-01T00:00:00Z' }],
    ['banned: false + role', { banned: false, role: 'admin' }],
  ] as const) {
    cases.push({
      group: 'privileged fields at sign-up',
      name: label,
      method: 'POST',
      path: '/api/auth/sign-up/email',
      headers: jsonHeaders,
      body: JSON.stringify({
        email: uniqueEmail(),
        password: 'correct horse battery staple',
        name: 'Fuzz',
        ...extra,
      }),
      mayCreateUser: true,
    });
  }

  // Credentials: hostile session tokens, as bearer and as cookie, on the session endpoints.
  const tokens: [string, string][] = [
    ['garbage', 'garbage'],
    ['signed-looking', 'abc.def'],
    ['a JWT with alg none', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.'],
    ['8 KiB', 't'.repeat(8192)],
    ['SQL', "' OR 1=1 --"],
    ['percent-encoded NUL', '%00'],
    ['latin-1 bytes', '\u00ff\u00fe'],
  ];
  for (const path of ['/api/auth/get-session', '/api/auth/token', '/api/auth/list-sessions']) {
    for (const [label, token] of tokens) {
      cases.push({
        group: 'session credentials',
        name: `${path} bearer ${label}`,
        method: 'GET',
        path,
        headers: [['authorization', `Bearer ${token}`]],
      });
      cases.push({
        group: 'session credentials',
        name: `${path} cookie ${label}`,
        method: 'GET',
        path,
        headers: [['cookie', `better-auth.session_token=${encodeURIComponent(token)}`]],
      });
    }
  }
  cases.push({
    group: 'session credentials',
    name: 'sign-out with a forged cookie from a foreign origin',
    method: 'POST',
    path: '/api/auth/sign-out',
    headers: [
      ['origin', 'https://evil.example'],
      ['cookie', 'better-auth.session_token=forged'],
      ['content-type', 'application/json'],
    ],
    body: '{}',
  });

  // Query strings and paths.
  const queries = [
    'token=%00',
    'token[]=a&token[]=b',
    'token[__proto__][polluted]=yes',
    '__proto__[polluted]=yes',
    'constructor[prototype][polluted]=yes',
    `token=${'a'.repeat(4000)}`,
    'callbackURL=https://evil.example/',
    'callbackURL=javascript:alert(1)',
    'token=%E0%A4%A',
    'token=..%2F..%2Fetc%2Fpasswd',
  ];
  for (const query of queries) {
    cases.push({
      group: 'query strings',
      name: `verify-email?${query.slice(0, 60)}`,
      method: 'GET',
      path: `/api/auth/verify-email?${query}`,
      headers: base,
    });
    cases.push({
      group: 'query strings',
      name: `reset-password/<token>?${query.slice(0, 60)}`,
      method: 'GET',
      path: `/api/auth/reset-password/abc?${query}`,
      headers: base,
    });
  }
  const paths = [
    '/api/auth/%2e%2e/%2e%2e/etc/passwd',
    '/api/auth/../../etc/passwd',
    '/api/auth/__proto__',
    '/api/auth/constructor',
    '/api/auth/sign-up/email/../../jwks',
    `/api/auth/${'a'.repeat(5000)}`,
    '/api/auth/%00',
    '/api/auth/%E0%A4%A',
    '/api/auth/reset-password/%00',
    '/api/auth/reset-password/..%2f..%2f',
    '/.well-known/../api/auth/jwks',
    '/api/auth/jwks?__proto__[x]=1',
    '/.well-known/openid-configuration/../../',
    '/api/auth/ok',
    '/api/auth/reference',
  ];
  for (const path of paths) {
    cases.push({ group: 'paths', name: path.slice(0, 60), method: 'GET', path, headers: base });
  }
  return cases;
}
