import { resolveProviderSettings, type ProviderSettings } from '../provider.settings.js';
import type { JwksProvider } from '../jwks.provider.js';
import { auth0Provider } from './auth0.provider.js';
import { clerkProvider } from './clerk.provider.js';
import { customProvider } from './custom.provider.js';
import { firebaseProvider } from './firebase.provider.js';
import { localProvider } from './local.provider.js';
import { oidcProvider } from './oidc.provider.js';
import { defaultContext } from './remote-jwks.provider.js';

/**
 * Builds the built-in {@link JwksProvider} that `settings.provider` names; each provider reads its
 * own settings type only.
 * @example
 * const auth0 = createJwksProvider({ provider: 'auth0', auth0: { domain: 'tenant.eu.auth0.com' }, audience: ['https://api.example.com'] });
 */
export function createJwksProvider(
  settings: ProviderSettings,
  now: () => number = Date.now,
): JwksProvider {
  const context = <S extends ProviderSettings>(own: S) =>
    defaultContext(resolveProviderSettings(own), now);
  switch (settings.provider) {
    case 'local':
      return localProvider(context(settings));
    case 'clerk':
      return clerkProvider(context(settings));
    case 'auth0':
      return auth0Provider(context(settings));
    case 'firebase':
      return firebaseProvider(context(settings));
    case 'oidc':
      return oidcProvider(context(settings));
    case 'custom':
      return customProvider(context(settings));
    default:
      throw new Error(
        `unknown provider ${JSON.stringify((settings as { provider?: unknown }).provider)}`,
      );
  }
}
