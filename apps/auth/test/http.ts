/** Small fetch wrappers for the auth e2e files. */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

async function answer<T>(res: Response): Promise<Answer<T>> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: `text` has it
  }
  return { status: res.status, headers: res.headers, body: body as T, text };
}

/** POSTs JSON with an `Origin` equal to the server's own URL (as a browser on the same site would). */
export async function postJson<T = Record<string, unknown>>(
  base: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return answer<T>(res);
}

export async function get<T = Record<string, unknown>>(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  return answer<T>(await fetch(base + path, { headers }));
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
