/**
 * npm run demo [-- --profile classic|2026]: builds the sample package, starts the emulator (the
 * profile also comes from EMULATOR_PROFILE), runs the bundled action to live against it, and
 * prints what a user would see: the log, the outputs and the job summary.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { parseProfileName, startEmulator } from '../emulator/index.js'
import { buildExamplePackage, EXAMPLE_DIR } from './build-example.js'
import { emulatorInputs, runAction } from './run-action.js'

const zip = await buildExamplePackage()
console.log(`Built ${path.relative(process.cwd(), zip)}`)

// 300 simulated seconds per real second: the emulator's ~20 minutes of processing and
// certification pass in a few seconds.
const { values } = parseArgs({ options: { profile: { type: 'string' } } })
const profile = parseProfileName(values.profile ?? process.env.EMULATOR_PROFILE, 'classic')
const emulator = await startEmulator({ speed: 300, profile })
console.log(`Emulator at ${emulator.url} (profile ${profile})\n`)
try {
  const run = await runAction({
    cwd: path.resolve(EXAMPLE_DIR, '../..'),
    inputs: {
      ...emulatorInputs(emulator.url),
      manifest: path.join(EXAMPLE_DIR, 'marketplace.yml'),
      target: 'live',
      'wait-timeout': '10'
    },
    env: { GITHUB_REF: 'refs/tags/v1.2.3', PARTNER_CENTER_POLL_MS: '250,1000' },
    onStdout: (chunk) => process.stdout.write(chunk)
  })
  console.log('\n── Outputs ──')
  for (const [name, value] of Object.entries(run.outputs)) {
    if (name !== 'result') console.log(`${name}: ${value}`)
  }
  console.log('\n── Job summary ──')
  console.log(htmlToText(run.summary))
  console.log(
    `\n${emulator.requests.length} requests reached the emulator; the action exited with ${run.exitCode}.`
  )
  process.exitCode = run.exitCode ?? 1
} finally {
  await emulator.close()
}

/** A rough terminal rendering of the summary's HTML. */
function htmlToText(html: string): string {
  return html
    .replace(/<h\d>/g, '\n## ')
    .replace(/<\/t[dh]>/g, ' | ')
    .replace(/<tr>/g, '| ')
    .replace(/<\/tr>/g, '\n')
    .replace(/<li>/g, '\n- ')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
