/**
 * npm run demo [-- --profile classic|2026] [-- --debug]: builds the sample package, starts the
 * emulator (the profile also comes from EMULATOR_PROFILE), runs the bundled action to live
 * against it, and prints what a person would see on GitHub: the log as the runner shows it, the
 * annotations, the outputs and the job summary. `--debug` shows debug lines too, as step debug
 * logging does.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { parseProfileName, startEmulator } from '../emulator/index.js'
import { buildExamplePackage, EXAMPLE_DIR } from './build-example.js'
import { emulatorInputs, runAction } from './run-action.js'
import { applyRunnerCommands, summaryAsText } from './runner-view.js'

const zip = await buildExamplePackage()
console.log(`Built ${path.relative(process.cwd(), zip)}`)

// 300 simulated seconds per real second: the emulator's ~20 minutes of processing and
// certification pass in a few seconds.
const { values } = parseArgs({
  options: { profile: { type: 'string' }, debug: { type: 'boolean' } }
})
const profile = parseProfileName(values.profile ?? process.env.EMULATOR_PROFILE, 'classic')
const emulator = await startEmulator({ speed: 300, profile })
console.log(`Emulator at ${emulator.url} (profile ${profile}); running the action to live…`)
try {
  const workspace = path.resolve(EXAMPLE_DIR, '../..')
  const run = await runAction({
    cwd: workspace,
    inputs: {
      ...emulatorInputs(emulator.url),
      manifest: path.relative(workspace, path.join(EXAMPLE_DIR, 'marketplace.yml')),
      target: 'live',
      'wait-timeout': '10'
    },
    env: { GITHUB_REF: 'refs/tags/v1.2.3', PARTNER_CENTER_POLL_MS: '250,1000' }
  })
  const log = applyRunnerCommands(run.stdout, { debug: values.debug === true })
  console.log('\n── Log ──')
  console.log(log.lines.join('\n'))
  if (log.annotations.length > 0) {
    console.log('\n── Annotations ──')
    console.log(log.annotations.join('\n'))
  }
  console.log('\n── Outputs ──')
  for (const [name, value] of Object.entries(run.outputs)) {
    if (name !== 'result') console.log(`${name}: ${value}`)
  }
  console.log('\n── Job summary ──')
  console.log(summaryAsText(run.summary))
  console.log(
    `\n${emulator.requests.length} requests reached the emulator; the action exited with ${run.exitCode}.`
  )
  process.exitCode = run.exitCode ?? 1
} finally {
  await emulator.close()
}
