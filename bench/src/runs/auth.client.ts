/** Just enough of a Better Auth client to get a bench user, a session and a JWT over HTTP. */
export interface BenchUser {
  email: string;
  password: string;
  /** `Cookie` header value carrying the session. */
  cookie: string;
}

function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
}

async function post(authUrl: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${authUrl}/api/auth${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: authUrl },
    body: JSON.stringify(body),
  });
}

/** Signs a fresh user up (and so in). */
export async function signUp(authUrl: string): Promise<BenchUser> {
  const email = `bench-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = 'bench-password-0123';
  const res = await post(authUrl, '/sign-up/email', { email, password, name: 'Bench User' });
  if (res.status !== 200) throw new Error(`sign-up answered ${res.status}: ${await res.text()}`);
  return { email, password, cookie: cookiesOf(res) };
}

/** The request a sign-in storm repeats. */
export function signInRequest(authUrl: string, user: BenchUser) {
  return {
    url: `${authUrl}/api/auth/sign-in/email`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', origin: authUrl },
    body: JSON.stringify({ email: user.email, password: user.password }),
  };
}

/** A JWT for the user's session, from `GET /api/auth/token`. */
export async function getJwt(authUrl: string, user: BenchUser): Promise<string> {
  const res = await fetch(`${authUrl}/api/auth/token`, { headers: { cookie: user.cookie } });
  const body = (await res.json().catch(() => ({}))) as { token?: string };
  if (res.status !== 200 || !body.token) throw new Error(`/api/auth/token answered ${res.status}`);
  return body.token;
}
