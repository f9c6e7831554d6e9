/**
 * `npm run emulator [-- --port N --speed N --profile classic|2026 --require-publisher-id]`: a
 * local Partner Center seeded with the sample offer, for trying the action by hand. The profile
 * also comes from EMULATOR_PROFILE. Stops on Ctrl-C.
 */
import { parseArgs } from 'node:util'
import { parseProfileName, SAMPLE, startEmulator, type ProfileName } from './index.js'
import { SAMPLE_PRODUCT_ID } from './seed.js'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    speed: { type: 'string', default: '1' },
    profile: { type: 'string' },
    'require-publisher-id': { type: 'boolean', default: false }
  }
})
const port = Number(values.port)
const speed = Number(values.speed)
let profile: ProfileName | undefined
try {
  profile = parseProfileName(values.profile ?? process.env.EMULATOR_PROFILE, 'classic')
} catch (error) {
  console.error((error as Error).message)
}
if (!Number.isInteger(port) || port < 0 || !(speed >= 0) || !profile) {
  console.error(
    'Usage: npm run emulator -- [--port N] [--speed N] [--profile classic|2026] [--require-publisher-id]'
  )
  process.exit(2)
}

const emulator = await startEmulator({
  port,
  speed,
  profile,
  requirePublisherId: values['require-publisher-id']
})
const { url } = emulator
const resource = 'https://api.partner.microsoft.com'
const filter = encodeURIComponent(
  `ExternalIDs/Any(i:i/Type eq 'AzureOfferId' and i/Value eq '${SAMPLE.offerId}')`
)

console.log(`Partner Center emulator listening on ${url} (speed ${speed}x, profile ${profile}${
  emulator.profile.requirePublisherId ? ', x-ms-publisherId required' : ''
})

  api-url / login-url / graph-url  ${url}
  tenant id            ${SAMPLE.tenantId}
  client id            ${SAMPLE.clientId}
  client secret        ${SAMPLE.clientSecret}   (a sample value, valid only here)
  offer id             ${SAMPLE.offerId}  (product id ${SAMPLE_PRODUCT_ID}, plans: ${SAMPLE.plans.standard}, ${SAMPLE.plans.premium})

Try it:

  TOKEN=$(curl -s -X POST ${url}/${SAMPLE.tenantId}/oauth2/token \\
    -d grant_type=client_credentials -d client_id=${SAMPLE.clientId} \\
    -d client_secret=${SAMPLE.clientSecret} --data-urlencode resource=${resource} \\
    | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')

  curl -s -H "Authorization: Bearer $TOKEN" "${url}/v1.0/ingestion/products?%24filter=${filter}"

  curl -s -H "Authorization: Bearer $TOKEN" "${url}/v1.0/ingestion/products/${SAMPLE_PRODUCT_ID}/branches/getByModule(module=Package)"

Press Ctrl-C to stop.`)

// One line per request, without query strings: they may carry SAS signatures.
let logged = 0
const timer = setInterval(() => {
  for (; logged < emulator.requests.length && emulator.requests[logged].status !== 0; logged++) {
    const r = emulator.requests[logged]
    console.log(`${r.status} ${r.method} ${r.path}`)
  }
}, 250)

process.once('SIGINT', () => {
  clearInterval(timer)
  void emulator.close().then(() => process.exit(0))
})
