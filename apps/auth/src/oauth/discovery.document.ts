import { createHash } from 'node:crypto';
import type { DocumentAnswer } from '../well-known/document.route.js';
import { matchesIfNoneMatch } from '../well-known/jwks.http.js';

/** How long one rendering of a discovery document is served: the plugin's own `max-age`. */
export const DISCOVERY_MEMORY_MS = 15_000;

/** A rendered discovery document: the bytes, the headers the plugin set, and a strong ETag. */
interface Rendered {
  body: string;
  headers: Record<string, string>;
  etag: string;
  atMs: number;
}

/**
 * One discovery document, rendered by the OAuth provider plugin at most once per
 * {@link DISCOVERY_MEMORY_MS} (the plugin builds it from the configuration on every call, and says
 * caches may keep it that long) and answered from memory in between, with an ETag and 304 for a
 * client whose copy is current. A failed rendering is passed through and never remembered.
 */
export class DiscoveryDocument {
  private rendered?: Rendered;
  private pending?: Promise<Rendered | DocumentAnswer>;

  constructor(
    private readonly render: () => Promise<Response>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The answer to a `GET` carrying `ifNoneMatch`. */
  async answer(ifNoneMatch: string | undefined): Promise<DocumentAnswer> {
    const current = await this.current();
    if (!('etag' in current)) return current;
    const { etag, headers } = current;
    if (matchesIfNoneMatch(ifNoneMatch, etag)) {
      return {
        status: 304,
        headers: { etag, 'cache-control': headers['cache-control'] ?? '' },
        body: '',
      };
    }
    return { status: 200, headers: { ...headers, etag }, body: current.body };
  }

  private current(): Promise<Rendered | DocumentAnswer> {
    const rendered = this.rendered;
    if (rendered && this.now() - rendered.atMs < DISCOVERY_MEMORY_MS) {
      return Promise.resolve(rendered);
    }
    // concurrent first requests share one rendering
    this.pending ??= this.renderOnce().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async renderOnce(): Promise<Rendered | DocumentAnswer> {
    const response = await this.render();
    const body = await response.text();
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (response.status !== 200) return { status: response.status, headers, body };
    const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
    this.rendered = { body, headers, etag, atMs: this.now() };
    return this.rendered;
  }
}
