/* eslint-disable @typescript-eslint/no-explicit-any -- answers are asserted field by field, not typed */
/** A parsed HTTP answer, for assertions. */
export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * `fetch` against a running app with an optional bearer token and JSON body; parses JSON answers.
 * @example const { status, body } = await call(api.url, 'POST', '/notes', { token, json: { title: 'x' } });
 */
export async function call<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; json?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined || options.raw !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = options.raw ?? JSON.stringify(options.json);
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    body: (type.includes('json') && text ? JSON.parse(text) : text) as T,
  };
}
