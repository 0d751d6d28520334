/** Limits of one key or discovery fetch. */
export interface FetchLimits {
  timeoutMs: number;
  /** Largest response body accepted, in bytes. */
  maxBytes: number;
}

/**
 * GETs a JSON document with a deadline covering headers AND body, a size cap, and no redirects
 * (a 3xx is a failure: a key set must come from the configured URL, not from wherever it points).
 */
export async function fetchJson(url: string, limits: FetchLimits): Promise<unknown> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      signal,
      redirect: 'manual',
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    throw new Error(signal.aborted ? `timed out after ${limits.timeoutMs} ms` : describe(error), {
      cause: error,
    });
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (declared > limits.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`response larger than ${limits.maxBytes} bytes`);
  }
  const text = await readCapped(response, limits, signal);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error('response is not JSON');
  }
}

async function readCapped(response: Response, limits: FetchLimits, signal: AbortSignal) {
  const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limits.maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new Error(`response larger than ${limits.maxBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (signal.aborted) throw new Error(`timed out after ${limits.timeoutMs} ms`, { cause: error });
    throw error;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
