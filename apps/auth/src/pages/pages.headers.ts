import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Content-Security-Policy of the hosted pages: nothing but this server's own stylesheet and
 * script, fetches to itself, forms posting to itself, never framed. The OAuth continuation
 * (consent, sign-in with a pending request) goes back to the client by `location.assign` after a
 * fetch, which `form-action` does not govern, so no client origin has to be listed.
 */
export const PAGES_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * Headers of every page answer. `Referrer-Policy: same-origin`, not `no-referrer`: with
 * `no-referrer` Chromium sends `Origin: null` on same-origin POSTs, which Better Auth's CSRF check
 * refuses; `same-origin` still keeps the reset token in the URL from leaking to other sites.
 * No `Cross-Origin-Opener-Policy`: OAuth clients that open the sign-in in a popup need the
 * opener link to survive the trip back to their redirect page.
 */
export const PAGE_HEADERS: Record<string, string> = {
  'content-security-policy': PAGES_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

/**
 * CSRF check for the pages' own form posts: the browser must say the request came from this
 * origin (`Sec-Fetch-Site: same-origin`, or an `Origin` equal to the server's). A request with
 * neither header is refused too: every browser sends one of them on a POST.
 */
export function isSameOriginPost(request: FastifyRequest, baseUrl: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin';
  const origin = request.headers.origin;
  return typeof origin === 'string' && origin === new URL(baseUrl).origin;
}

/** A page answer: markup with a status, or a redirect. */
export type PageResult = { html: string; status?: number } | { redirect: string };

/** Sends a {@link PageResult} with the page headers. */
export function sendPage(reply: FastifyReply, result: PageResult): void {
  void reply.headers(PAGE_HEADERS);
  if ('redirect' in result) {
    void reply.redirect(result.redirect, 303);
    return;
  }
  void reply
    .status(result.status ?? 200)
    .type('text/html; charset=utf-8')
    .send(result.html);
}

/** Sends the stylesheet or the script: cacheable for a few minutes, never sniffed as another type. */
export function sendAsset(reply: FastifyReply, type: string, body: string): void {
  void reply
    .headers({ 'x-content-type-options': 'nosniff', 'cache-control': 'public, max-age=300' })
    .type(type)
    .send(body);
}
