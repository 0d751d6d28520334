import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';

/**
 * How long a replica may serve its copy of the key set before reading the key table again. A key
 * minted by this process shows at once; one minted by another replica (which signs with it right
 * away) shows here within this bound, so no replica serves a set missing a signing key for longer.
 */
export const JWKS_REVALIDATE_MS = 1000;
/** After a failed reload, how long the last good copy is served before the table is tried again. */
const RETRY_AFTER_ERROR_MS = 1000;

/** One serialised key set: the exact bytes both JWKS URLs send, and their strong ETag. */
export interface JwksSnapshot {
  body: string;
  etag: string;
}

/** Reads the public key set from its source of truth (Better Auth's key table). */
export type JwksLoader = () => Promise<{ keys: unknown[] }>;

/**
 * The public key set in memory, so unauthenticated JWKS requests cost no database read.
 *
 * Rules:
 * - A copy is served until {@link JWKS_REVALIDATE_MS} after it was read, or until
 *   {@link invalidate} (a key was minted here), whichever comes first; then the next request reads
 *   the table once, and every request arriving meanwhile waits for that one read.
 * - A read that started before an invalidation does not satisfy requests after it.
 * - When a reload fails, the last good copy keeps being served (retrying every second); without
 *   one, the failure reaches the caller.
 */
export class JwksCache {
  private readonly logger = new Logger('Jwks');
  private generation = 0;
  private copy?: { snapshot: JwksSnapshot; generation: number; freshUntil: number };
  private loading?: { promise: Promise<JwksSnapshot>; generation: number };

  constructor(
    private readonly load: JwksLoader,
    private readonly now: () => number = Date.now,
  ) {}

  /** Drops the copy: the next request reads the table. */
  invalidate(): void {
    this.generation++;
  }

  /** The current key set, from memory when the copy is still good. */
  async current(): Promise<JwksSnapshot> {
    const copy = this.copy;
    if (copy && copy.generation === this.generation && this.now() < copy.freshUntil) {
      return copy.snapshot;
    }
    if (this.loading?.generation !== this.generation) {
      const generation = this.generation;
      const promise = this.reload(generation).finally(() => {
        if (this.loading?.promise === promise) this.loading = undefined;
      });
      this.loading = { promise, generation };
    }
    return this.loading.promise;
  }

  private async reload(generation: number): Promise<JwksSnapshot> {
    try {
      const body = JSON.stringify(await this.load());
      const digest = createHash('sha256').update(body).digest('base64url');
      const snapshot = { body, etag: `"${digest}"` };
      this.copy = { snapshot, generation, freshUntil: this.now() + JWKS_REVALIDATE_MS };
      return snapshot;
    } catch (error) {
      const last = this.copy;
      if (!last) throw error;
      this.logger.warn(
        `reading the key set failed, serving the last copy: ${(error as Error).message}`,
      );
      this.copy = { ...last, generation, freshUntil: this.now() + RETRY_AFTER_ERROR_MS };
      return last.snapshot;
    }
  }
}
