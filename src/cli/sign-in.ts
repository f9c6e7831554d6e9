import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import { loadCertificate } from '../auth/certificate.js'
import { azureCliTokenProvider, SignInError, type TokenProvider } from '../auth/index.js'
import type { HttpTransport } from '../http/types.js'
import { InputError } from '../inputs/input-error.js'
import type { InputSource } from '../inputs/read.js'
import type { Inputs } from '../inputs/table.js'
import { appTokenProvider } from '../shell/app-sign-in.js'
import type { ShellPorts } from '../shell/services.js'

/**
 * The environment variables Azure SDKs read (EnvironmentCredential of @azure/identity, and the
 * Azure CLI's own), as the action's inputs they stand for. A flag wins over its variable.
 */
export const AZURE_ENVIRONMENT: Readonly<Record<string, string>> = {
  'tenant-id': 'AZURE_TENANT_ID',
  'client-id': 'AZURE_CLIENT_ID',
  'client-secret': 'AZURE_CLIENT_SECRET',
  'client-certificate': 'AZURE_CLIENT_CERTIFICATE_PATH'
}

/** A PEM with a certificate and its key is a few KiB; a bigger file is not one. */
const MAX_PEM_BYTES = 64 * 1024

/**
 * The CLI's inputs: each flag as given, else the Azure environment variable that stands for it
 * (AZURE_CLIENT_CERTIFICATE_PATH is a path: its file's PEM stands for client-certificate).
 * @throws InputError when the certificate file cannot be read.
 */
export function cliInputSource(
  flags: Record<string, string | undefined>,
  env: NodeJS.ProcessEnv
): InputSource {
  return (name) => {
    if (flags[name] !== undefined) return flags[name]
    const variable = AZURE_ENVIRONMENT[name]
    const value = variable ? env[variable]?.trim() : undefined
    if (!value || name !== 'client-certificate') return value
    return readPem(value)
  }
}

function readPem(file: string): string {
  try {
    return readSmallFile(file, MAX_PEM_BYTES)
  } catch (error) {
    throw new InputError(
      `AZURE_CLIENT_CERTIFICATE_PATH is ${file}, which cannot be read as a PEM ` +
        `(${(error as Error).message}); give a file with the certificate and its private key.`,
      'client-certificate'
    )
  }
}

/** A federated token is a JWT of a few KiB. */
const MAX_TOKEN_BYTES = 64 * 1024

/**
 * A regular file's text, read up to `maxBytes`: a device or a pipe (`/dev/zero`, a FIFO) reports
 * no size and never ends, so the size a stat gives is no bound.
 * @throws Error when it is not a regular file or holds more than `maxBytes`.
 */
function readSmallFile(file: string, maxBytes: number): string {
  const descriptor = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    if (!fstatSync(descriptor).isFile()) throw new Error('not a regular file')
    const buffer = Buffer.alloc(maxBytes + 1)
    let length = 0
    for (let read = 1; read > 0 && length <= maxBytes; length += read) {
      read = readSync(descriptor, buffer, length, buffer.length - length, null)
    }
    if (length > maxBytes) throw new Error(`larger than ${maxBytes} bytes`)
    return buffer.toString('utf8', 0, length)
  } finally {
    closeSync(descriptor)
  }
}

/**
 * How the CLI signs in: as the app registration when a client ID is given (flag or
 * AZURE_CLIENT_ID), with its secret, its certificate, or the federated token in
 * AZURE_FEDERATED_TOKEN_FILE (workload identity), through the action's own token provider and its
 * translated Entra messages; else as the Azure CLI's signed-in account (`az login`).
 * @throws InputError when a credential is given without the client ID or tenant it belongs to,
 *   a client ID without a credential, or a certificate that is not one.
 */
export function cliSignIn(ports: Pick<ShellPorts, 'logger' | 'env'>): ShellPorts['signIn'] {
  return (inputs: Inputs, transport: HttpTransport, signal: AbortSignal): TokenProvider => {
    const { logger, env } = ports
    const federatedFile = env.AZURE_FEDERATED_TOKEN_FILE?.trim()
    if (!inputs.clientId) {
      if (inputs.clientSecret || inputs.clientCertificate || federatedFile) {
        throw new InputError(
          'A credential is given but no client ID: set --client-id (or AZURE_CLIENT_ID) to the ' +
            'application (client) ID it belongs to.',
          'client-id'
        )
      }
      return azureCliTokenProvider({ logger, signal, tenantId: inputs.tenantId || undefined })
    }
    if (!inputs.tenantId) {
      throw new InputError(
        'A client ID is given but no tenant: set --tenant-id (or AZURE_TENANT_ID) to the ' +
          'tenant of the app registration.',
        'tenant-id'
      )
    }
    // The action's message for this case is about GitHub secrets and OIDC, which the CLI has not.
    if (!inputs.clientSecret?.trim() && !inputs.clientCertificate?.trim() && !federatedFile) {
      throw new InputError(
        'A client ID is given but no credential: set --client-secret (or AZURE_CLIENT_SECRET), ' +
          '--client-certificate (or AZURE_CLIENT_CERTIFICATE_PATH, a PEM file with the ' +
          'certificate and its key), or AZURE_FEDERATED_TOKEN_FILE (workload identity); or give ' +
          'no client ID, to sign in as the Azure CLI’s account (az login).',
        'client-secret'
      )
    }
    if (inputs.clientCertificate?.trim()) refuseUnreadablePem(inputs.clientCertificate)
    return appTokenProvider(inputs, transport, {
      logger,
      signal,
      federated: {
        available: Boolean(federatedFile),
        // Re-read each time: the platform rotates the file (AKS workload identity).
        requestIdToken: async () => readSmallFile(federatedFile!, MAX_TOKEN_BYTES).trim()
      }
    })
  }
}

/**
 * A PEM that holds no usable certificate and key is a value the flag refuses (exit code 2),
 * before any call: often a path given where the PEM's text goes. Sign-in parses it again.
 * @throws InputError with the certificate parser's message.
 */
function refuseUnreadablePem(pem: string): void {
  try {
    loadCertificate(pem)
  } catch (error) {
    if (!(error instanceof SignInError)) throw error
    throw new InputError(error.message, 'client-certificate')
  }
}
