export { startAuth0StandIn, type Auth0StandInOptions } from './auth0.stand-in.js';
export { startClerkStandIn, type ClerkStandInOptions } from './clerk.stand-in.js';
export { startFirebaseStandIn, type FirebaseStandInOptions } from './firebase.stand-in.js';
export {
  claimsWith,
  makeSigningKey,
  nowS,
  randomKid,
  startIssuerServer,
  x509StyleKid,
  type FaultMode,
  type IssuerServer,
  type IssuerServerOptions,
  type MintOptions,
  type SigningAlgorithm,
  type TestSigningKey,
} from './issuer.server.js';
export { startOidcStandIn, type OidcStandInOptions } from './oidc.stand-in.js';
export { standIn, type StandIn } from './stand-in.js';
export {
  startLoginProviderStandIn,
  type IdTokenFault,
  type LoginProviderOptions,
  type LoginProviderStandIn,
  type StandInUser,
} from './login-provider.stand-in.js';
