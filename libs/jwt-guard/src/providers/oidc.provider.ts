import type { OidcProviderSettings } from '../provider.settings.js';
import {
  ASYMMETRIC_JWS_ALGORITHMS,
  keySourceProblem,
  type KeySourceRules,
} from '../key-sources.js';
import { CachedDocument } from '../cached-document.js';
import { fetchJson } from '../http.fetch.js';
import type { VerificationPolicy } from '../jwks.provider.js';
import { KeysUnavailableError } from '../jwt-guard.errors.js';
import { MAX_DOCUMENT_BYTES } from '../remote-key-set.js';
import { RemoteJwksProvider, type ProviderContext } from './remote-jwks.provider.js';

interface Discovery {
  issuer: string;
  jwksUri: string;
  algorithms: string[];
}

const trim = (url: string) => url.replace(/\/+$/, '');

/** Where a discovered `jwks_uri` may point. */
export interface JwksUriRules extends KeySourceRules {
  /** Host names besides the issuer's that `jwks_uri` may name (`OIDC_JWKS_HOSTS`). */
  extraHosts: string[];
}

/**
 * Refuses a `jwks_uri` on another host than the issuer's (unless listed), or one that breaks the
 * key-source rules (plain http in production): whoever can change the discovery document, or sit
 * on an http path, would otherwise choose the keys every token is checked with.
 */
function checkJwksUri(jwksUri: string, issuer: string, rules: JwksUriRules): void {
  const host = new URL(jwksUri).hostname.toLowerCase();
  if (host !== new URL(issuer).hostname.toLowerCase() && !rules.extraHosts.includes(host)) {
    throw new Error(
      `discovery jwks_uri host ${JSON.stringify(host)} is not OIDC_ISSUER's host (set JWKS_URL, or list the host in OIDC_JWKS_HOSTS)`,
    );
  }
  const problem = keySourceProblem(jwksUri, rules);
  if (problem) throw new Error(`discovery jwks_uri ${problem}`);
}

/**
 * Validates a discovery document against the configured issuer (mix-up defence, OIDC Discovery
 * §4.3) and, unless `rules` is undefined (JWKS_URL overrides it), its `jwks_uri`.
 */
export function parseDiscovery(
  document: unknown,
  expectedIssuer: string,
  rules?: JwksUriRules,
): Discovery {
  const doc = document as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object') throw new Error('discovery document is not an object');
  if (typeof doc.issuer !== 'string' || trim(doc.issuer) !== trim(expectedIssuer)) {
    throw new Error(`discovery issuer ${JSON.stringify(doc.issuer)} does not match OIDC_ISSUER`);
  }
  if (typeof doc.jwks_uri !== 'string' || !/^https?:\/\//i.test(doc.jwks_uri)) {
    throw new Error('discovery document has no http(s) jwks_uri');
  }
  if (rules) checkJwksUri(doc.jwks_uri, expectedIssuer, rules);
  const advertised = Array.isArray(doc.id_token_signing_alg_values_supported)
    ? (doc.id_token_signing_alg_values_supported as unknown[])
    : [];
  const algorithms = ASYMMETRIC_JWS_ALGORITHMS.filter((alg) => advertised.includes(alg));
  return {
    issuer: doc.issuer,
    jwksUri: doc.jwks_uri,
    algorithms: algorithms.length ? algorithms : ['RS256'],
  };
}

/**
 * Any OpenID Provider: `OIDC_ISSUER` → `/.well-known/openid-configuration` → `jwks_uri` and the
 * advertised algorithms. The discovery document is cached and refreshed like keys.
 */
export function oidcProvider(context: ProviderContext<OidcProviderSettings>): RemoteJwksProvider {
  const { jwt } = context;
  const configured = jwt.oidc.issuer;
  if (!configured) throw new Error('AUTH_PROVIDER=oidc needs OIDC_ISSUER');
  const discovery = new CachedDocument(
    '[oidc] discovery',
    async () =>
      parseDiscovery(
        await fetchJson(`${trim(configured)}/.well-known/openid-configuration`, {
          timeoutMs: jwt.cache.timeoutMs,
          maxBytes: MAX_DOCUMENT_BYTES,
        }),
        configured,
        // A configured JWKS_URL replaces jwks_uri: nothing to check in it.
        jwt.jwksUrl ? undefined : { ...jwt.keySources, extraHosts: jwt.oidc.jwksHosts ?? [] },
      ),
    jwt.cache,
    context.now,
    context.logger,
  );
  const discovered = async () => {
    try {
      return await discovery.get();
    } catch (error) {
      throw new KeysUnavailableError(
        `[oidc] no discovery document: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  const policy = async (): Promise<VerificationPolicy> => {
    const found = await discovered();
    return {
      // The issuer exactly as the provider spells it (OIDC_ISSUER loses a trailing slash in config).
      issuer: [jwt.issuer ?? found.issuer],
      algorithms: jwt.algorithms ?? found.algorithms,
      audience: jwt.audience,
    };
  };
  const jwksUrl = async () => jwt.jwksUrl ?? (await discovered()).jwksUri;
  return new RemoteJwksProvider('oidc', configured, jwksUrl, policy, context);
}
