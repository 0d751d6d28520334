import { resolveProviderSettings, type ProviderSettings } from '../provider.settings.js';
import type { JwksProvider } from '../jwks.provider.js';
import { auth0Provider } from './auth0.provider.js';
import { clerkProvider } from './clerk.provider.js';
import { customProvider } from './custom.provider.js';
import { firebaseProvider } from './firebase.provider.js';
import { localProvider } from './local.provider.js';
import { oidcProvider } from './oidc.provider.js';
import { defaultContext, type ProviderContext } from './remote-jwks.provider.js';

const FACTORIES: Record<ProviderSettings['provider'], (context: ProviderContext) => JwksProvider> =
  {
    local: localProvider,
    clerk: clerkProvider,
    auth0: auth0Provider,
    firebase: firebaseProvider,
    oidc: oidcProvider,
    custom: customProvider,
  };

/**
 * Builds the built-in {@link JwksProvider} that `settings.provider` names.
 * @example
 * const auth0 = createJwksProvider({ provider: 'auth0', auth0: { domain: 'tenant.eu.auth0.com' }, audience: ['https://api.example.com'] });
 */
export function createJwksProvider(
  jwt: ProviderSettings,
  now: () => number = Date.now,
): JwksProvider {
  const factory = FACTORIES[jwt.provider];
  if (!factory) throw new Error(`unknown provider ${JSON.stringify(jwt.provider)}`);
  return factory(defaultContext(resolveProviderSettings(jwt), now));
}
