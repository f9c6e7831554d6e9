import { SAMPLE } from '../../emulator/index.js'
import type { HttpTransport } from '../../src/http/types.js'

/** A Partner Center token for the emulator's sample app, fetched through `transport`. */
export async function sampleToken(emulatorUrl: string, transport: HttpTransport): Promise<string> {
  const response = await transport.send({
    method: 'POST',
    url: `${emulatorUrl}/${SAMPLE.tenantId}/oauth2/v2.0/token`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: SAMPLE.clientId,
      client_secret: SAMPLE.clientSecret,
      scope: 'https://api.partner.microsoft.com/.default'
    }).toString(),
    idempotent: true
  })
  if (response.status !== 200) throw new Error(`token request answered ${response.status}`)
  return (JSON.parse(response.body) as { access_token: string }).access_token
}
