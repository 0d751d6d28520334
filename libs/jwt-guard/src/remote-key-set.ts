import { Logger } from '@nestjs/common';
import {
  createLocalJWKSet,
  errors,
  type FlattenedJWSInput,
  type JWK,
  type JWSHeaderParameters,
} from 'jose';
import { CachedDocument, type CachePolicy } from './cached-document.js';
import { fetchJson } from './http.fetch.js';
import { KeysUnavailableError } from './jwt-guard.errors.js';

type KeySet = ReturnType<typeof createLocalJWKSet>;

/** Largest key set or discovery document accepted. Real ones are a few KiB. */
export const MAX_DOCUMENT_BYTES = 256 * 1024;

/** Tuning of a {@link RemoteKeySet}: the `JWKS_*` variables plus a clock. */
export interface RemoteKeySetOptions extends CachePolicy {
  timeoutMs: number;
  now: () => number;
}

const ASYMMETRIC_KTY = new Set(['RSA', 'EC', 'OKP']);

/** Keeps public signature keys only: no `oct` (HMAC), nothing with private parts, no encryption keys. */
export function toVerificationKeySet(document: unknown): KeySet {
  const keys = (document as { keys?: unknown })?.keys;
  if (!Array.isArray(keys)) throw new Error('not a JSON Web Key Set');
  const usable = keys.filter(
    (key): key is JWK =>
      !!key &&
      typeof key === 'object' &&
      ASYMMETRIC_KTY.has((key as JWK).kty as string) &&
      !('d' in key) &&
      ((key as JWK).use === undefined || (key as JWK).use === 'sig'),
  );
  if (!usable.length) throw new Error('key set holds no usable public signature key');
  return createLocalJWKSet({ keys: usable });
}

function kids(set: KeySet): Set<string | undefined> {
  return new Set(set.jwks().keys.map((key) => key.kid));
}

function hasNewKeys(before: KeySet, after: KeySet): boolean {
  const known = kids(before);
  return [...kids(after)].some((kid) => !known.has(kid));
}

/** For logs: an attacker-controlled `kid`, quoted and bounded. */
function printable(kid: unknown): string {
  return JSON.stringify(typeof kid === 'string' ? kid.slice(0, 64) : (kid ?? null));
}

/**
 * A remote JWKS behind a {@link CachedDocument}: shared fetches, unknown `kid` → at most one refetch
 * per cooldown, stale-if-error, bounded fetches. `getKey` is a jose `JWTVerifyGetKey`.
 */
export class RemoteKeySet {
  private readonly document: CachedDocument<KeySet>;

  constructor(
    private readonly provider: string,
    url: () => Promise<string>,
    options: RemoteKeySetOptions,
    logger = new Logger('JwtGuard'),
  ) {
    this.document = new CachedDocument(
      `[${provider}] JWKS`,
      async () => {
        const target = await url();
        return toVerificationKeySet(
          await fetchJson(target, { timeoutMs: options.timeoutMs, maxBytes: MAX_DOCUMENT_BYTES }),
        );
      },
      options,
      options.now,
      logger,
    );
  }

  /** Fetches started so far. */
  get fetches(): number {
    return this.document.fetches;
  }

  readonly getKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
    // fresh keys are used as held: no promise chain through the cache on every new token
    const set = this.document.fresh() ?? (await this.keys());
    try {
      return await set(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      const fresh = await this.keys(`unknown kid ${printable(header.kid)}`);
      if (fresh === set) throw error; // cooling down: fail fast
      // New keys appeared: the issuer is rotating (an attacker cannot cause this), so the next
      // unknown kid (e.g. a second key minted concurrently) may refetch without waiting.
      if (hasNewKeys(set, fresh)) this.document.forgiveCooldown();
      return fresh(header, token);
    }
  };

  /** When the held keys are due for a refresh (ms since the epoch). */
  freshUntil(): number {
    return this.document.freshUntil();
  }

  /** Whether keys are held or can be fetched now. */
  async isReady(): Promise<boolean> {
    try {
      await this.keys();
      return true;
    } catch {
      return false;
    }
  }

  private async keys(refreshBecause?: string): Promise<KeySet> {
    try {
      return refreshBecause
        ? await this.document.refresh(refreshBecause)
        : await this.document.get();
    } catch (error) {
      throw new KeysUnavailableError(
        `[${this.provider}] no keys: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
