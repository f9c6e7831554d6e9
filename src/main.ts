import * as core from '@actions/core'
import { actionsLogger } from './action/logger.js'
import { readInputs, type ActionInputs } from './action/inputs.js'
import { setOutputs } from './action/outputs.js'
import { pollingFromEnvironment, uploadStallFromEnvironment } from './action/polling-environment.js'
import { buildRunRequest } from './action/request.js'
import { writeSummary } from './action/summary.js'
import { USER_AGENT } from './action/version.js'
import type { CheckedPackage } from './app-package/check-package.js'
import { createTokenProvider, GRAPH_RESOURCE, selectCredential } from './auth/index.js'
import { readOnlyTransport } from './http/read-only.js'
import { createHttpTransport, type DisposableHttpTransport } from './http/transport.js'
import { PartnerCenterClient } from './partner-center/client.js'
import { ProductIngestionClient } from './partner-center/product-ingestion.js'
import { newRunResult, type RunResult } from './publish/result.js'
import { runCommand } from './publish/run.js'
import type { Services } from './publish/services.js'
import { loadStorageSdk, uploadPackage } from './storage/blob-upload.js'

/**
 * The action: inputs → sign-in → command → outputs and job summary. Outputs and the summary are
 * written whatever happens, before the step is failed, so a failed run still says what it did.
 */
export async function run(): Promise<void> {
  const cancellation = new AbortController()
  const onSignal = (signal: NodeJS.Signals): void => {
    core.warning(`${signal} received: the job was cancelled. Stopping and reporting what was done.`)
    cancellation.abort(new Error('The job was cancelled before the command finished.'))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)

  let transport: DisposableHttpTransport | undefined
  let result: RunResult
  let inputs: ActionInputs | undefined
  try {
    inputs = readInputs()
    const request = await buildRunRequest(inputs, process.env.GITHUB_REF)
    transport = createHttpTransport({ userAgent: USER_AGENT, logger: actionsLogger })
    result = await runCommand(request, engineServices(inputs, transport, cancellation.signal))
  } catch (error) {
    // Only problems found before the engine starts land here: inputs, manifest, credentials.
    result = newRunResult(inputs?.command ?? 'publish', inputs?.dryRun ?? false, inputs?.target)
    result.offerId = inputs?.offerId
    result.status = 'failed'
    result.error = error instanceof Error ? error.message : String(error)
  } finally {
    transport?.dispose()
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  }
  if (cancellation.signal.aborted) {
    result.status = 'failed'
    result.error = (cancellation.signal.reason as Error).message
  }

  setOutputs(result)
  await writeSummary(result)
  for (const note of result.notes) core.notice(note)
  if (result.status === 'failed') core.setFailed(result.error ?? 'The command failed.')
  // The runner kills a cancelled step 7.5 s after its SIGINT (action-engineering.md §4.8). All is
  // reported by now; should an abandoned socket still hold the process, leave anyway.
  if (cancellation.signal.aborted) setTimeout(() => process.exit(), 1000).unref()
}

function engineServices(
  inputs: ActionInputs,
  transport: DisposableHttpTransport,
  signal: AbortSignal
): Services {
  const logger = actionsLogger
  const credential = selectCredential({
    clientSecret: inputs.clientSecret,
    clientCertificate: inputs.clientCertificate,
    oidc: {
      available: Boolean(process.env.ACTIONS_ID_TOKEN_REQUEST_URL),
      audience: inputs.oidcAudience,
      requestIdToken: (audience) => core.getIDToken(audience)
    }
  })
  const tokens = createTokenProvider({
    loginUrl: inputs.loginUrl,
    tenantId: inputs.tenantId,
    clientId: inputs.clientId,
    credential,
    transport,
    logger,
    signal
  })
  core.info(`Signing in to Entra ID as ${inputs.clientId} with ${tokens.method}`)
  // A publish uploads: load the storage SDK while Partner Center is read, not after.
  if (inputs.command === 'publish' && !inputs.dryRun) void loadStorageSdk()
  const client = new PartnerCenterClient({
    baseUrl: inputs.apiUrl,
    // A dry run must not change anything: refuse every write below the engine as a safety net.
    transport: inputs.dryRun ? readOnlyTransport(transport) : transport,
    getToken: (options) => tokens.getToken(options),
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
    group: <T>(name: string, work: () => Promise<T>) => core.group(name, work),
    upload: (file: CheckedPackage, sasUrl: string) =>
      uploadPackage({
        filePath: file.path,
        md5: file.md5,
        sasUrl,
        logger,
        signal,
        stallTimeoutMs: uploadStallFromEnvironment(process.env)
      }),
    polling: pollingFromEnvironment(process.env)
  }
}
