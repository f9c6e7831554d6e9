import * as core from '@actions/core'
import { actionsLogger, commandText } from './action/logger.js'
import { buildAnnotations, writeAnnotations } from './action/annotations.js'
import { actionInputsForSummary, readActionInputs } from './action/inputs.js'
import { findInputInWorkflow } from './action/workflow-file.js'
import { setOutputs } from './action/outputs.js'
import { annotatePreflight } from './action/preflight-annotations.js'
import { writeSummary } from './action/summary.js'
import { ACTION_VERSION, USER_AGENT } from './action/version.js'
import { fetchGitHubIdToken } from './auth/github-id-token.js'
import { mapStrings } from './boundary/strings.js'
import { JobCancelledError } from './report/outcome.js'
import { refuseMalformedIds } from './report/result-ids.js'
import { summaryView } from './report/summary.js'
import type { HttpTransport } from './http/types.js'
import type { Inputs } from './inputs/table.js'
import { appTokenProvider } from './shell/app-sign-in.js'
import { runOnce } from './shell/run-once.js'

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
  core.info(`partner-center-publish-action ${ACTION_VERSION}`)
  const outcome = await runOnce(
    readActionInputs,
    {
      logger: actionsLogger,
      group: (name, work) => core.group(name, work),
      signal: cancellation.signal,
      env: process.env,
      signIn: actionSignIn
    },
    USER_AGENT
  ).finally(() => {
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  })

  const { caught } = outcome
  // Outputs and the summary are read by later steps and by people, and the runner masks neither
  // in the files: every known secret, in every form, and every control character a server put
  // in a message leaves the result here (docs/security.md).
  const result = mapStrings(outcome.result, commandText)
  const refused = refuseMalformedIds(result)
  if (refused.length > 0) {
    result.status = 'failed'
    result.error = [result.error, ...refused].filter(Boolean).join(' ')
  }
  setOutputs(result)
  annotatePreflight(result)
  await writeSummary(
    summaryView(result, {
      cause: caught,
      inputs: actionInputsForSummary(),
      version: ACTION_VERSION
    })
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

/** The action signs in with its credential inputs, else GitHub OIDC when the job may. */
function actionSignIn(inputs: Inputs, transport: HttpTransport, signal: AbortSignal) {
  return appTokenProvider(inputs, transport, {
    logger: actionsLogger,
    signal,
    federated: {
      available: Boolean(process.env.ACTIONS_ID_TOKEN_REQUEST_URL),
      // Through the transport, not core.getIDToken: see fetchGitHubIdToken.
      requestIdToken: (audience) =>
        fetchGitHubIdToken({ transport, environment: process.env, audience, signal })
    }
  })
}
