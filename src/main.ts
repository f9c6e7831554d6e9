import * as core from '@actions/core'
import { actionsLogger, commandText } from './action/logger.js'
import { buildAnnotations, writeAnnotations } from './action/annotations.js'
import { inputsForSummary, readInputs, type ActionInputs } from './action/inputs.js'
import { JobCancelledError } from './action/outcome.js'
import { findInputInWorkflow } from './action/workflow-file.js'
import { refuseMalformedIds, setOutputs } from './action/outputs.js'
import { pollingFromEnvironment, uploadStallFromEnvironment } from './action/polling-environment.js'
import { buildRunRequest } from './action/build-run-request.js'
import { annotatePreflight } from './action/preflight-annotations.js'
import { summaryView, writeSummary } from './action/summary.js'
import { ACTION_VERSION, USER_AGENT } from './action/version.js'
import type { CheckedPackage } from './app-package/check-package.js'
import { createTokenProvider, GRAPH_RESOURCE, selectCredential } from './auth/index.js'
import { mapStrings } from './boundary/strings.js'
import { readOnlyTransport } from './http/read-only.js'
import { createHttpTransport, type DisposableHttpTransport } from './http/transport.js'
import { PartnerCenterClient } from './partner-center/client.js'
import { ProductIngestionClient } from './partner-center/product-ingestion.js'
import { COMMAND_NAMES, commandNamed } from './commands/index.js'
import { runCommand } from './commands/run.js'
import type { Services } from './engine/context.js'
import { newRunResult, type RunResult } from './engine/result.js'
import { loadStorageSdk, uploadPackage } from './storage/blob-upload.js'

/**
 * The action: inputs → sign-in → command → outputs and job summary. Outputs and the summary are
 * written whatever happens, before the step is failed, so a failed run still says what it did.
 */
export async function run(): Promise<void> {
  const cancellation = new AbortController()
  const onSignal = (signal: NodeJS.Signals): void => {
    core.warning(`${signal} received: the job was cancelled. Stopping and reporting what was done.`)
    cancellation.abort(new JobCancelledError('The job was cancelled before the command finished.'))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)

  let transport: DisposableHttpTransport | undefined
  let result: RunResult
  let inputs: ActionInputs | undefined
  let caught: unknown
  core.info(`partner-center-publish-action ${ACTION_VERSION}`)
  try {
    inputs = readInputs()
    core.info(
      `${inputs.command}${commandNamed(inputs.command).takesTarget ? ` to ${inputs.target}` : ''}` +
        `${inputs.dryRun ? ' (dry run)' : ''}: Partner Center API ${inputs.apiUrl}, ` +
        `Entra ID ${inputs.loginUrl}`
    )
    const request = await buildRunRequest(
      inputs,
      process.env.GITHUB_REF,
      process.env.GITHUB_WORKSPACE
    )
    let services: Services
    if (commandNamed(inputs.command).signsIn) {
      transport = createHttpTransport({ userAgent: USER_AGENT, logger: actionsLogger })
      services = engineServices(inputs, transport, cancellation.signal)
    } else {
      services = offlineServices(cancellation.signal)
    }
    result = await runCommand(request, services)
  } catch (error) {
    // Only problems found before the engine starts land here: inputs, manifest, credentials.
    caught = error
    result = newRunResult(
      inputs?.command ?? COMMAND_NAMES[0],
      inputs?.dryRun ?? false,
      inputs?.target
    )
    result.offerId = inputs?.offerId
    result.status = 'failed'
    result.error = error instanceof Error ? error.message : String(error)
  } finally {
    transport?.dispose()
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  }
  if (cancellation.signal.aborted) {
    caught = cancellation.signal.reason
    result.status = 'failed'
    result.error = (cancellation.signal.reason as Error).message
  }

  // Outputs and the summary are read by later steps and by people, and the runner masks neither
  // in the files: every known secret, in every form, and every control character a server put
  // in a message leaves the result here (docs/security.md).
  result = mapStrings(result, commandText)
  const refused = refuseMalformedIds(result)
  if (refused.length > 0) {
    result.status = 'failed'
    result.error = [result.error, ...refused].filter(Boolean).join(' ')
  }
  setOutputs(result)
  annotatePreflight(result)
  await writeSummary(
    summaryView(result, { cause: caught, inputs: inputsForSummary(), version: ACTION_VERSION })
  )
  // Each cause is an annotation of its own (a manifest problem on its line, each validation
  // message with its code), so the step fails without another message that repeats them.
  writeAnnotations(
    buildAnnotations(result, caught, (input) => findInputInWorkflow(input, process.env))
  )
  if (result.status === 'failed') process.exitCode = 1
  // The runner kills a cancelled step 7.5 s after its SIGINT (action-engineering.md §4.8). All is
  // reported by now; should an abandoned socket still hold the process, leave anyway.
  if (cancellation.signal.aborted) setTimeout(() => process.exit(), 1000).unref()
}

/**
 * command: check signs in to nothing and calls nothing: its client refuses every call, a safety
 * net should the command ever try one.
 */
function offlineServices(signal: AbortSignal): Services {
  const refuse = (): Promise<never> =>
    Promise.reject(new Error('command: check does not call Partner Center.'))
  return {
    client: new PartnerCenterClient({
      baseUrl: 'https://partner-center.invalid',
      transport: { send: refuse },
      getToken: refuse,
      logger: actionsLogger,
      signal
    }),
    logger: actionsLogger,
    signal,
    group: <T>(name: string, work: () => Promise<T>) => core.group(name, work),
    upload: refuse,
    polling: pollingFromEnvironment(process.env)
  }
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
  logger.info(`Signing in to Entra ID as ${inputs.clientId} with ${tokens.method}`)
  // A publish uploads: load the storage SDK while Partner Center is read, not after, and not
  // before the first request either (its loading would hold the sign-in back): once signed in.
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
