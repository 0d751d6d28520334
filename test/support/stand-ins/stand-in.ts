import type { JWTPayload } from 'jose';
import { claimsWith, nowS, type IssuerServer, type MintOptions } from './issuer.server.js';

/**
 * A local stand-in for a managed identity provider: real HTTP keys (and discovery), tokens in the
 * provider's real format. Point a resource server at it with `env` alone.
 */
export interface StandIn {
  /** The `iss` its tokens carry. */
  issuer: string;
  jwksUrl: string;
  /** Resource-server variables that make api/mcp accept its tokens (merge into the app's env). */
  env: Record<string, string>;
  /** A token with the provider's default claims, overridden by `claims` (`undefined` values removed). */
  mint(claims?: JWTPayload, options?: MintOptions): Promise<string>;
  /** Publishes a new signing key (the old one stays published unless `keepOld: false`). */
  rotate(options?: { keepOld?: boolean }): Promise<void>;
  close(): Promise<void>;
  /** JWKS requests served so far. */
  readonly fetchCount: number;
  /** The underlying server: faults, unpublished keys, raw signing. */
  server: IssuerServer;
}

/** Wires a provider's claim defaults onto an {@link IssuerServer}. */
export function standIn(
  server: IssuerServer,
  issuer: string,
  env: Record<string, string>,
  defaults: (nowS: number) => JWTPayload,
): StandIn {
  return {
    issuer,
    jwksUrl: server.jwksUrl,
    env,
    server,
    get fetchCount() {
      return server.fetchCount;
    },
    mint(claims, options = {}) {
      const now = options.nowS ?? nowS();
      const base = { ...defaults(now), exp: now + (options.expiresInS ?? 300) };
      return server.sign(claimsWith(base, claims, options.omit), options);
    },
    async rotate(options) {
      await server.rotate(options);
    },
    close: () => server.close(),
  };
}
