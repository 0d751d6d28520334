export { ConfigError } from './config.errors.js';
export { CommonEnv, NODE_ENVS, type NodeEnv } from './common.env.js';
export { validateEnv } from './env.validate.js';
export { Bool, CommaList, Int, TrimUrl } from './env.transforms.js';
export { type DatabaseConfig, type Env } from './sections.js';
export {
  AuthEnv,
  MAIL_TRANSPORTS,
  authConfig,
  loadAuthConfig,
  type AuthConfig,
  type MailTransport,
} from './auth.config.js';
export {
  ASYMMETRIC_JWS_ALGORITHMS,
  AUTH_PROVIDERS,
  ResourceEnv,
  apiConfig,
  loadResourceConfig,
  mcpConfig,
  type ApiConfig,
  type AuthProviderName,
  type JwtEnvConfig,
  type McpConfig,
  type ResourceApp,
  type ResourceServerConfig,
} from './resource.config.js';
export {
  SocialEnv,
  loadSocialConfig,
  type GithubLogin,
  type OidcLogin,
  type SocialConfig,
} from './social.config.js';
export { isLoopbackHost, keySourceProblem, type KeySourceRules } from '#jwt-guard';
export { exitOnBootError, loadDotEnv } from './fail-fast.js';
export { API_DOCS_CLIENT_ID, apiDocsRedirectUri } from './api-docs-client.js';
export { jwtGuardOptions, providerSettings } from './jwt-guard.mapping.js';
