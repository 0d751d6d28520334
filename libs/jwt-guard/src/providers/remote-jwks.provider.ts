import { Logger } from '@nestjs/common';
import type { ProviderSettings, Resolved } from '../provider.settings.js';
import type { JWTPayload } from 'jose';
import type { Principal } from '../principal.js';
import type { JwksProvider, VerificationPolicy } from '../jwks.provider.js';
import { LOGGER_CONTEXT } from '../jwt-guard.constants.js';
import { RemoteKeySet } from '../remote-key-set.js';

/** What every built-in provider is made of. */
export interface ProviderContext<S extends ProviderSettings = ProviderSettings> {
  jwt: Resolved<S>;
  now: () => number;
  logger: Logger;
}

/** Any issuer whose keys are a JWKS at a URL (all built-in providers). */
export class RemoteJwksProvider implements JwksProvider {
  readonly keySet: RemoteKeySet;

  constructor(
    readonly name: string,
    readonly issuer: string,
    jwksUrl: string | (() => Promise<string>),
    private readonly resolvePolicy: () => VerificationPolicy | Promise<VerificationPolicy>,
    context: ProviderContext,
    /** The provider's own claim mapping; default: the standard claims only. */
    readonly mapClaims?: (payload: JWTPayload) => Principal,
  ) {
    const url = typeof jwksUrl === 'string' ? () => Promise.resolve(jwksUrl) : jwksUrl;
    this.keySet = new RemoteKeySet(
      name,
      url,
      { ...context.jwt.cache, now: context.now },
      context.logger,
    );
  }

  readonly getKey: JwksProvider['getKey'] = (header, token) => this.keySet.getKey(header, token);

  async policy(): Promise<VerificationPolicy> {
    return this.resolvePolicy();
  }

  keysFreshUntil(): number {
    return this.keySet.freshUntil();
  }

  isReady(): Promise<boolean> {
    return this.keySet.isReady();
  }
}

export function defaultContext<S extends ProviderSettings>(
  jwt: Resolved<S>,
  now = Date.now,
): ProviderContext<S> {
  return { jwt, now, logger: new Logger(LOGGER_CONTEXT) };
}
