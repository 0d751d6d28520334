import { Inject, Injectable } from '@nestjs/common';
import { authConfig, type AuthConfig } from '#config';
import { jwksMaxAge, type Auth } from '../auth/auth.factory.js';
import { BETTER_AUTH } from '../auth/auth.tokens.js';
import { JwksCache } from './jwks.cache.js';
import type { DocumentAnswer } from './document.route.js';
import { jwksResponse } from './jwks.http.js';

/** The public key set, from Better Auth's own JWKS. */
@Injectable()
export class WellKnownService {
  constructor(
    @Inject(BETTER_AUTH) private readonly auth: Auth,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    private readonly keys: JwksCache,
  ) {}

  /** `Cache-Control` of both JWKS URLs. */
  get jwksCacheControl(): string {
    return `public, max-age=${jwksMaxAge(this.config)}`;
  }

  /**
   * The key set (current key plus rotated keys still in their grace period), from memory: the same
   * bytes and ETag as `GET /api/auth/jwks`; 304 when `ifNoneMatch` names them.
   */
  async jwks(ifNoneMatch: string | undefined): Promise<DocumentAnswer> {
    return jwksResponse(await this.keys.current(), ifNoneMatch, this.jwksCacheControl);
  }
}
