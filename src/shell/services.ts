import path from 'node:path'
import type { CheckedPackage } from '../app-package/check-package.js'
import { GRAPH_RESOURCE, type TokenProvider } from '../auth/index.js'
import { commandNamed } from '../commands/index.js'
import type { Services } from '../engine/context.js'
import { readOnlyTransport } from '../http/read-only.js'
import type { HttpTransport } from '../http/types.js'
import type { Inputs } from '../inputs/table.js'
import type { Logger } from '../logging.js'
import type { Progress } from '../progress.js'
import { PartnerCenterClient } from '../partner-center/client.js'
import { ProductIngestionClient } from '../partner-center/product-ingestion.js'
import { loadStorageSdk, prepareStorageSdk, uploadPackage } from '../storage/blob-upload.js'
import { pollingFromEnvironment, uploadStallFromEnvironment } from './polling-environment.js'
import { commandLine } from '../naming.js'

/** What a shell (the action's, the CLI's) gives the engine besides the inputs. */
export interface ShellPorts {
  logger: Logger
  /** A phase of the run: a log group in the action, a heading on the terminal. */
  group: Services['group']
  /** Aborted when the job is cancelled or the user presses Ctrl-C. */
  signal: AbortSignal
  env: NodeJS.ProcessEnv
  /**
   * How this shell signs in for these inputs: the action with its credential inputs or GitHub
   * OIDC, the CLI also with the Azure SDKs' environment variables or the Azure CLI. `signal`
   * ends the provider's requests: the run's cancellation, or the run's end (`startSignIn`).
   * @throws SignInError when there is no way to sign in.
   */
  signIn: (inputs: Inputs, transport: HttpTransport, signal: AbortSignal) => TokenProvider
  /** Where uploads and waits report how far they are: the CLI's bars; none in the action. */
  progress?: Progress
}

/**
 * command: check and list sign in to nothing and call nothing: their client refuses every call,
 * a safety net should the command ever try one.
 */
export function offlineServices(ports: ShellPorts, command: string): Services {
  const refuse = (): Promise<never> =>
    Promise.reject(new Error(`${commandLine(command)} does not call Partner Center.`))
  return {
    client: new PartnerCenterClient({
      baseUrl: 'https://partner-center.invalid',
      transport: { send: refuse },
      getToken: refuse,
      logger: ports.logger,
      signal: ports.signal
    }),
    logger: ports.logger,
    signal: ports.signal,
    group: ports.group,
    upload: refuse,
    polling: pollingFromEnvironment(ports.env)
  }
}

/**
 * The services of a command that signs in: the Partner Center and Graph clients, the upload.
 * @param tokens the run's sign-in, started before the manifest was read (`startSignIn`).
 */
export function engineServices(
  inputs: Inputs,
  transport: HttpTransport,
  tokens: TokenProvider,
  ports: ShellPorts
): Services {
  const { logger, signal } = ports
  // A publish uploads: load the storage SDK while Partner Center is read, not after, and not
  // while the manifest is read either (its loading would hold that back): at the first call.
  const uploads = commandNamed(inputs.command).uploads && !inputs.dryRun
  const client = new PartnerCenterClient({
    baseUrl: inputs.apiUrl,
    // A dry run must not change anything: refuse every write below the engine as a safety net.
    transport: inputs.dryRun ? readOnlyTransport(transport) : transport,
    getToken: async (options) => {
      const token = await tokens.getToken(options)
      if (uploads) setTimeout(() => void loadStorageSdk(), 0)
      return token
    },
    logger,
    signal,
    publisherId: inputs.publisherId
  })
  // Reads only; its own token (Graph audience), sent only to graph-url (reference §9.18).
  const productIngestion = new ProductIngestionClient({
    baseUrl: inputs.graphUrl,
    transport,
    getToken: (options) => tokens.getToken({ ...options, resource: GRAPH_RESOURCE }),
    logger,
    signal
  })
  return {
    client,
    productIngestion,
    logger,
    signal,
    group: ports.group,
    upload: async (file: CheckedPackage, sasUrl: string) => {
      const task = ports.progress?.transfer(`Uploading ${path.basename(file.path)}`, file.size)
      try {
        return await uploadPackage({
          filePath: file.path,
          md5: file.md5,
          sasUrl,
          logger,
          signal,
          stallTimeoutMs: uploadStallFromEnvironment(ports.env),
          onProgress: task && (({ loadedBytes }) => task.update(loadedBytes))
        })
      } finally {
        task?.end()
      }
    },
    polling: pollingFromEnvironment(ports.env),
    progress: ports.progress,
    ...(uploads && { prepareUpload: () => void prepareStorageSdk().catch(() => undefined) })
  }
}
