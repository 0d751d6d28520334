import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasSeveralAuthorizationFields } from './authorization-header.js';
import {
  authenticationShortfall,
  type AuthenticationRequirement,
} from './authentication.policy.js';
import { challengeFor } from './challenge.js';
import { PRINCIPAL_PROPERTY } from './current-user.decorator.js';
import {
  AUTHENTICATION_KEY,
  LOGGER_CONTEXT,
  ORG_ROLES_KEY,
  PUBLIC_KEY,
  ROLES_KEY,
  SCOPES_KEY,
  VERIFIED_EMAIL_KEY,
} from './jwt-guard.constants.js';
import {
  EmailNotVerifiedError,
  InsufficientScopeError,
  InsufficientUserAuthenticationError,
  InvalidRequestError,
  InvalidTokenError,
  JwtGuardError,
  MissingTokenError,
} from './jwt-guard.errors.js';
import { JWT_GUARD_OPTIONS } from './jwt-guard.module-definition.js';
import type { JwtGuardModuleOptions } from './jwt-guard.options.js';
import { checkOrganizationRole } from './org-roles.decorator.js';
import type { Principal } from './principal.js';
import { TokenVerifier } from './token.verifier.js';

/** The request shape the guard reads (Fastify and Express both fit). */
export interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  [key: string]: unknown;
}

/** What the guard reads of a route's decorators. */
export interface RouteMetadata {
  isPublic: boolean;
  scopes: string[] | undefined;
  roles: string[] | undefined;
  /** `@RequireVerifiedEmail()`. */
  verifiedEmail: boolean;
  /** `@RequireAuthentication(...)`: how recent / strong the sign-in must be. */
  authentication: AuthenticationRequirement | undefined;
  /** `@OrgRoles()`: one of these roles in the token's organization. */
  orgRoles: string[] | undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}

/** RFC 6750 §2.1 b64token after a case-insensitive "Bearer" and one or more spaces. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * Deny-by-default JWT guard: `@Public()` routes pass; others need a valid bearer token in exactly
 * one `Authorization` header, plus the scopes of `@RequireScopes`, a role of `@Roles` and, with
 * `@RequireVerifiedEmail()`, a verified address. The principal lands on `request.user`.
 * Subclass and override the protected hooks to adapt it (e.g. another token location).
 * @example
 * @Injectable()
 * class AuditedGuard extends JwtAuthGuard {
 *   protected override onVerified(principal: Principal) { audit.log(principal.sub); }
 * }
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  protected readonly logger = new Logger(LOGGER_CONTEXT);
  /** {@link routeMetadata} by handler, then controller class. */
  private readonly metadataCache = new WeakMap<object, WeakMap<object, RouteMetadata>>();

  constructor(
    protected readonly reflector: Reflector,
    protected readonly verifier: TokenVerifier,
    @Inject(JWT_GUARD_OPTIONS) protected readonly options: JwtGuardModuleOptions,
  ) {}

  /**
   * A token already verified (and still in the verified-token cache) is let through synchronously,
   * with no promise to settle; any other token is verified in full. Failures are always answered
   * as a rejected promise (a 400/401/403 from {@link deny}).
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.isPublic(context)) return true;
    // Deny by default: this guard reads HTTP headers; other transports need their own guard.
    if (context.getType() !== 'http') return false;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    let token: string;
    try {
      const plain = this.plainBearerToken(request);
      const known = plain === undefined ? undefined : this.verifier.cachedPrincipal(plain);
      if (known) return this.activateCached(known, request, context);
      token = this.extractToken(request);
      const cached = token === plain ? undefined : this.verifier.cachedPrincipal(token);
      if (cached) return this.activateCached(cached, request, context);
    } catch (error) {
      return Promise.reject(this.deny(error, context));
    }
    return this.verifyAndActivate(token, request, context);
  }

  /** Authorizes a principal from the verified-token cache: synchronous unless `onVerified` is async. */
  private activateCached(
    principal: Principal,
    request: GuardedRequest,
    context: ExecutionContext,
  ): boolean | Promise<boolean> {
    this.authorize(principal, context);
    request[PRINCIPAL_PROPERTY] = principal;
    const hook = this.onVerified(principal, context);
    if (!isThenable(hook)) return true;
    return Promise.resolve(hook).then(
      () => true,
      (error: unknown) => {
        throw this.deny(error, context);
      },
    );
  }

  /**
   * The text after `Bearer ` in a plain `Authorization: Bearer <token>` header, unparsed: the fast
   * way to the verified-token cache. A hit means that exact string once passed full verification,
   * prechecks included (three base64url parts), so the strict {@link extractToken} would return it
   * too; anything else (other spacing or case, a malformed token, a miss, a second `Authorization`
   * header) goes the strict way. `undefined` when a subclass reads the token elsewhere (overrides
   * {@link extractToken}).
   */
  private plainBearerToken(request: GuardedRequest): string | undefined {
    if (this.extractToken !== JwtAuthGuard.prototype.extractToken) return undefined;
    const header = request.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) return undefined;
    // Node keeps the first of several headers: a cached first token must not hide a second one.
    return hasSeveralAuthorizationFields(request) ? undefined : header.slice(7);
  }

  /** The full path: signature and claims checked by the {@link TokenVerifier}, then authorization. */
  private async verifyAndActivate(
    token: string,
    request: GuardedRequest,
    context: ExecutionContext,
  ): Promise<boolean> {
    try {
      const principal = await this.verifier.verify(token);
      this.authorize(principal, context);
      request[PRINCIPAL_PROPERTY] = principal;
      const hook = this.onVerified(principal, context);
      if (isThenable(hook)) await hook; // no turn of the queue for the usual synchronous hook
      return true;
    } catch (error) {
      throw this.deny(error, context);
    }
  }

  /** Whether the route or its controller is `@Public()`. */
  protected isPublic(context: ExecutionContext): boolean {
    return this.routeMetadata(context).isPublic;
  }

  /**
   * The bearer token of the `Authorization` header. Throws {@link InvalidRequestError} when the
   * request carries more than one `Authorization` header (RFC 6750 §3.1: one credential per
   * request), {@link MissingTokenError} / {@link InvalidTokenError} otherwise.
   */
  protected extractToken(request: GuardedRequest): string {
    if (hasSeveralAuthorizationFields(request)) {
      throw new InvalidRequestError(
        'several Authorization headers',
        'more than one Authorization header',
      );
    }
    const header = request.headers.authorization;
    if (header === undefined || header === '') throw new MissingTokenError();
    if (typeof header !== 'string')
      throw new InvalidTokenError('malformed Authorization header', 'malformed_token');
    if (!/^bearer(\s|$)/i.test(header)) throw new MissingTokenError('not a Bearer authorization');
    const match = BEARER.exec(header.trim());
    if (!match?.[1]) throw new InvalidTokenError('malformed Bearer credentials', 'malformed_token');
    return match[1];
  }

  /**
   * Checks `@RequireScopes` (all), `@Roles` (any), `@OrgRoles` (any), `@RequireVerifiedEmail()` and
   * `@RequireAuthentication` (run on cached principals too: a sign-in ages between requests).
   */
  protected authorize(principal: Principal, context: ExecutionContext): void {
    const { scopes, roles, verifiedEmail, orgRoles, authentication } = this.routeMetadata(context);
    const missing = scopes?.filter((scope) => !principal.scopes.includes(scope)) ?? [];
    if (missing.length)
      throw new InsufficientScopeError(`missing scopes ${missing.join(' ')}`, scopes);
    if (roles?.length && !roles.some((role) => principal.roles.includes(role))) {
      throw new InsufficientScopeError(`none of the roles ${roles.join(', ')}`);
    }
    if (orgRoles?.length) checkOrganizationRole(principal, orgRoles);
    if (verifiedEmail && !(principal.email && principal.emailVerified === true)) {
      throw new EmailNotVerifiedError(
        principal.email ? 'email not verified' : 'no email in the token',
      );
    }
    if (authentication) {
      const nowS = Math.floor((this.options.clock ?? Date.now)() / 1000);
      const shortfall = authenticationShortfall(principal.authentication, authentication, nowS);
      if (shortfall) {
        throw new InsufficientUserAuthenticationError(
          shortfall,
          authentication.maxAgeS,
          authentication.acr,
        );
      }
    }
  }

  /**
   * The route's `@Public()`, `@RequireScopes`, `@Roles`, `@RequireVerifiedEmail()` and
   * `@RequireAuthentication` (handler
   * over class), read through the Reflector once per handler and class: decorator metadata is fixed
   * once the classes are defined.
   */
  protected routeMetadata(context: ExecutionContext): RouteMetadata {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byClass = this.metadataCache.get(handler);
    let metadata = byClass?.get(controller);
    if (metadata) return metadata;
    const targets = [handler, controller];
    metadata = {
      isPublic: !!this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets),
      scopes: this.reflector.getAllAndOverride<string[] | undefined>(SCOPES_KEY, targets),
      roles: this.reflector.getAllAndOverride<string[] | undefined>(ROLES_KEY, targets),
      verifiedEmail: !!this.reflector.getAllAndOverride<boolean>(VERIFIED_EMAIL_KEY, targets),
      authentication: this.reflector.getAllAndOverride<AuthenticationRequirement | undefined>(
        AUTHENTICATION_KEY,
        targets,
      ),
      orgRoles: this.reflector.getAllAndOverride<string[] | undefined>(ORG_ROLES_KEY, targets),
    };
    if (!byClass) this.metadataCache.set(handler, (byClass = new WeakMap()));
    byClass.set(controller, metadata);
    return metadata;
  }

  /** Called once the caller is verified and authorized. Override to enrich or audit. */
  protected onVerified(_principal: Principal, _context: ExecutionContext): void | Promise<void> {}

  /** Maps a failure to a 400/401/403 with its `WWW-Authenticate` challenge. */
  protected deny(error: unknown, context: ExecutionContext): HttpException {
    // An HttpException from an overridden hook (e.g. onVerified) is the app's own answer: keep it.
    if (error instanceof HttpException) return error;
    if (!(error instanceof JwtGuardError)) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`unexpected error in the guard, answered as invalid_token: ${message}`);
    }
    const failure =
      error instanceof JwtGuardError
        ? error
        : new InvalidTokenError(String(error), 'invalid_token');
    const challenge = challengeFor(this.options, {
      error: failure.bearerError,
      description: failure.description,
      scope: failure instanceof InsufficientScopeError ? failure.scopes.join(' ') : undefined,
      ...(failure instanceof InsufficientUserAuthenticationError
        ? { maxAge: failure.maxAgeS, acrValues: failure.acrValues }
        : {}),
      // a step-up 401 asks for a new sign-in, not for more scopes
      scopeHint:
        failure.status === 401 && !(failure instanceof InsufficientUserAuthenticationError),
    });
    setHeader(context.switchToHttp().getResponse(), 'WWW-Authenticate', challenge);
    if (failure.status === 400) {
      this.logger.debug(`bad request (${failure.code}): ${failure.reason}`);
      return new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: failure.description,
      });
    }
    if (failure.status === 403) {
      this.logger.debug(`access denied (${failure.code}): ${failure.reason}`);
      return new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: failure.description,
      });
    }
    return new UnauthorizedException({
      statusCode: 401,
      error: 'Unauthorized',
      message: failure.description,
    });
  }
}

/** Sets a header on a Fastify reply or a Node/Express response. */
function setHeader(response: unknown, name: string, value: string): void {
  const reply = response as {
    header?: (n: string, v: string) => unknown;
    setHeader?: (n: string, v: string) => unknown;
  };
  if (typeof reply.header === 'function') reply.header(name, value);
  else reply.setHeader?.(name, value);
}
