import { hash } from 'node:crypto';

/** Tuning of the verified-token cache (module option `verifiedTokenCache`). */
export interface VerifiedTokenCacheOptions {
  /** Most tokens kept; the oldest entry goes first. 0 turns the cache off. Default 10 000. */
  maxEntries?: number;
  /**
   * Longest an entry lives, in seconds, whatever the token's `exp`: how long a token keeps working
   * after its key is withdrawn from the key set. Default 60.
   */
  maxTtlS?: number;
  /**
   * When a token's principal is kept: from its second verification (default) or its first. Until
   * then only a fingerprint of the token's hash is remembered (in a fixed table of at least
   * `maxEntries` slots), so a stream of single-use tokens (a client that
   * fetches a token per call) neither holds a principal per token that no request asks for again
   * nor pushes the tokens in use out of the cache. The price is one more verification per token.
   */
  admission?: 'second-use' | 'first-use';
}

/** The seen-once table's largest size, 2^22 slots (16 MiB), whatever maxEntries says. */
const MAX_SEEN_BITS = 22;

/** A key's 32-bit FNV-1a hash, never 0 (an empty slot of the seen-once table). */
function fingerprint(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash | 0 || 1;
}

interface Entry<T> {
  value: T;
  expiresAtMs: number;
}

/**
 * Remembers tokens that passed full verification, keyed by the SHA-256 of the token (the token
 * itself is never kept), so a client repeating its token skips the signature check. An entry
 * expires at the token's `exp` (no clock tolerance), after `maxTtlS`, or when the keys that
 * verified it are due for a refresh, whichever is first: a cached answer never outlives what a
 * fresh verification would have concluded by more than `maxTtlS`. At most `maxEntries` are held
 * (oldest evicted first). Only successes are cached, and by default only from a token's second
 * verification on (`admission`).
 */
export class VerifiedTokenCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  /**
   * Keys offered once and not kept yet (second-use admission), as 32-bit fingerprints in a table of
   * at least maxEntries slots, one per slot: a new key takes the slot of whatever key had it. No
   * object per key, so a stream of new tokens leaves nothing for the garbage collector. Two keys
   * with one fingerprint (one in four billion) let the second in at its first offer: a cached
   * principal one verification early, never a token that did not pass.
   */
  private readonly seenOnce?: Int32Array;
  private evictionCursor?: MapIterator<string>;
  private readonly maxEntries: number;
  private readonly maxTtlMs: number;

  constructor(
    options: VerifiedTokenCacheOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.maxEntries = Math.max(0, options.maxEntries ?? 10_000);
    this.maxTtlMs = Math.max(0, options.maxTtlS ?? 60) * 1000;
    if (options.admission !== 'first-use') {
      const bits = Math.ceil(Math.log2(Math.max(2, this.maxEntries)));
      this.seenOnce = new Int32Array(2 ** Math.min(bits, MAX_SEEN_BITS));
    }
  }

  /** Whether the cache keeps anything at all. */
  get enabled(): boolean {
    return this.maxEntries > 0 && this.maxTtlMs > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cache key of a token: its SHA-256 (one-shot `crypto.hash`, the cheapest way in Node). */
  static keyOf(token: string): string {
    return hash('sha256', token, 'base64url');
  }

  /** The value cached for `key`, unless absent or expired (an expired entry is dropped). */
  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /**
   * Caches `value` until the first of: `expS` (the token's `exp`, seconds), `maxTtlS` from now, and
   * `notAfterMs` (when the keys that verified it are due for a refresh). Under second-use admission,
   * the first offer of a key only remembers the key.
   */
  set(key: string, value: T, expS: number | undefined, notAfterMs = Infinity): void {
    if (!this.enabled || typeof expS !== 'number') return;
    const now = this.now();
    const expiresAtMs = Math.min(expS * 1000, now + this.maxTtlMs, notAfterMs);
    if (expiresAtMs <= now || !this.admits(key)) return;
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.oldestKey());
    this.entries.set(key, { value, expiresAtMs });
  }

  /** Whether `key` may be kept now: always under first-use admission, else from its second offer. */
  private admits(key: string): boolean {
    const seen = this.seenOnce;
    if (!seen || this.entries.has(key)) return true;
    const print = fingerprint(key);
    const slot = print & (seen.length - 1);
    if (seen[slot] === print) {
      seen[slot] = 0;
      return true;
    }
    seen[slot] = print;
    return false;
  }

  /**
   * The key inserted longest ago. One iterator is kept across calls: a Map iterator walks the
   * entries in insertion order and stays valid as entries are added and deleted, so it stands at
   * the oldest entry left. A new iterator per eviction would first step over every slot deleted
   * since the table was last compacted (thousands in a full cache: ~6 µs per insert, measured).
   */
  private oldestKey(): string {
    let next = this.evictionCursor?.next();
    if (!next || next.done) {
      this.evictionCursor = this.entries.keys();
      next = this.evictionCursor.next();
    }
    return next.value as string;
  }
}
