/** Flips one character of the signature: same header and claims, invalid signature. */
export function tamper(token: string): string {
  const last = token.at(-2) === 'A' ? 'B' : 'A';
  return `${token.slice(0, -2)}${last}${token.at(-1)}`;
}

/**
 * Proves a guarded route really guards before it is loaded: a valid token gives 200 with the
 * expected `sub`; no token and a tampered token give 401. Resolves to a reason, or undefined.
 */
export async function checkGuard(
  url: string,
  token: string,
  sub: string,
): Promise<string | undefined> {
  const get = async (authorization?: string) => {
    const res = await fetch(url, { headers: authorization ? { authorization } : {} });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as { sub?: string } };
  };
  const valid = await get(`Bearer ${token}`);
  if (valid.status !== 200) return `a valid token got ${valid.status}`;
  if (valid.body.sub !== sub)
    return `a valid token got sub ${JSON.stringify(valid.body.sub)}, not ${sub}`;
  const none = await get();
  if (none.status !== 401) return `no token got ${none.status}`;
  const bad = await get(`Bearer ${tamper(token)}`);
  if (bad.status !== 401) return `a tampered token got ${bad.status}`;
  return undefined;
}

/**
 * {@link checkGuard} on `url`, and the same body as `referenceUrl` gives for the same token: a
 * reference server is only a fair ceiling if it answers exactly what the kit answers.
 */
export async function checkSameAnswer(
  url: string,
  referenceUrl: string,
  token: string,
): Promise<string | undefined> {
  const guarded = await checkGuard(url, token, subOf(token));
  if (guarded) return guarded;
  const [mine, reference] = await Promise.all(
    [url, referenceUrl].map(async (u) =>
      (await fetch(u, { headers: { authorization: `Bearer ${token}` } })).text(),
    ),
  );
  return mine === reference ? undefined : `answered ${mine}, not ${reference}`;
}

/** Creates `count` notes for the token's user (so a list has something to return). */
export async function seedNotes(apiUrl: string, token: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${apiUrl}/notes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `bench note ${i}`, body: 'x'.repeat(200) }),
    });
    if (res.status !== 201)
      throw new Error(`POST /notes answered ${res.status}: ${await res.text()}`);
  }
}

/** A 200 with a JSON body from a guarded route. */
export async function checkWithToken(url: string, token: string): Promise<string | undefined> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.status === 200 ? undefined : `answered ${res.status}`;
}

/** A 200 from an unguarded route. */
export async function checkOpen(url: string): Promise<string | undefined> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.status === 200 ? undefined : `answered ${res.status}`;
}

/** The `sub` a JWT carries (read without verifying: for comparing answers only). */
export function subOf(token: string): string {
  return (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string })
    .sub;
}

/**
 * An MCP `tools/call list_notes` that answers `count` notes (the tool's structured result), so
 * the load compares with the api's `GET /notes` on the same rows.
 */
export async function checkListNotes(
  request: { url: string; headers: Record<string, string>; body: string },
  count: number,
): Promise<string | undefined> {
  const res = await fetch(request.url, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
  });
  const text = await res.text();
  if (res.status !== 200) return `answered ${res.status}: ${text.slice(0, 200)}`;
  const body = JSON.parse(text) as {
    result?: { isError?: boolean; structuredContent?: { items?: unknown[] } };
  };
  const items = body.result?.structuredContent?.items;
  if (body.result?.isError || !Array.isArray(items)) return `no notes in ${text.slice(0, 200)}`;
  return items.length === count ? undefined : `${items.length} notes, not ${count}`;
}
