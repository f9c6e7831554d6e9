/** Entra ID sign-in for the Partner Center ingestion API: the public surface of src/auth. */
export {
  DEFAULT_GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_ISSUER,
  selectCredential,
  type AssertionAlgorithm,
  type CertificateCredential,
  type ClientSecretCredential,
  type Credential,
  type CredentialInputs,
  type GitHubOidcCredential
} from './credentials.js'
export { SignInError, type SignInErrorDetails } from './sign-in-error.js'
export {
  GRAPH_RESOURCE,
  PARTNER_CENTER_RESOURCE,
  type TokenEndpointVersion
} from './token-endpoint.js'
export {
  createTokenProvider,
  type TokenProvider,
  type TokenRequestOptions,
  type TokenProviderOptions
} from './token-provider.js'
export { azureCliTokenProvider, type AzRunner, type AzureCliTokenOptions } from './azure-cli.js'
