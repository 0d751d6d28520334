import { listen, type Listening } from './http.util.js';

/**
 * A pass-through proxy in front of a key endpoint that counts what reaches it, so a run can report
 * how many key fetches its verifier made (the target: none per request in steady state).
 */
export interface CountingProxy extends Listening {
  /** Requests forwarded so far. */
  hits(): number;
  /** `path` on the proxy (forwarded to the same path upstream). */
  urlOf(path: string): string;
}

export async function startCountingProxy(upstream: string): Promise<CountingProxy> {
  let hits = 0;
  const server = await listen((req, res) => {
    hits++;
    fetch(new URL(req.url ?? '/', upstream), { method: req.method, redirect: 'manual' })
      .then(async (answer) => {
        const headers: Record<string, string> = {};
        for (const name of ['content-type', 'cache-control', 'etag', 'last-modified']) {
          const value = answer.headers.get(name);
          if (value) headers[name] = value;
        }
        res.writeHead(answer.status, headers);
        res.end(Buffer.from(await answer.arrayBuffer()));
      })
      .catch(() => res.writeHead(502).end());
  });
  return { ...server, hits: () => hits, urlOf: (path) => `${server.url}${path}` };
}
