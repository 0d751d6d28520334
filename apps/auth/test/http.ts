import { request } from 'node:http';

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

/**
 * POSTs JSON from a chosen loopback source address (127.0.0.2, 127.0.0.3, ...), so one test
 * process can act as several clients towards the per-address rate limiter.
 */
export function postFrom(
  localAddress: string,
  base: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      base + path,
      {
        method: 'POST',
        localAddress,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          origin: base,
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (typeof v === 'string') h.set(k, v);
          }
          const response = new Response(Buffer.concat(chunks), {
            status: res.statusCode,
            headers: h,
          });
          answer<Record<string, unknown>>(response).then(resolve, reject);
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
