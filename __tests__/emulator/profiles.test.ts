/**
 * Contract tests of the two services the emulator plays, against the facts of
 * partner-center-ingestion-api.md §9 (items 3, 18, 19) and product-ingestion-api.md §1, §2.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { SAMPLE, startEmulator, type Emulator, type ProfileName } from '../../emulator/index.js'
import { SAMPLE_PRODUCT_ID } from '../../emulator/seed.js'
import { Api, call, sampleToken } from './support.js'

const GRAPH = 'https://graph.microsoft.com'
let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

async function start(profile: ProfileName, requirePublisherId = false): Promise<Emulator> {
  emulator = await startEmulator({ profile, requirePublisherId })
  return emulator
}

const byOfferId = `products?%24filter=${encodeURIComponent(
  `ExternalIDs/Any(i:i/Type eq 'AzureOfferId' and i/Value eq '${SAMPLE.offerId}')`
)}`

function lookup(
  e: Emulator,
  token: string,
  query = `externalId=${SAMPLE.offerId}&$version=2022-07-01`
) {
  return call(`${e.url}/rp/product-ingestion/product?${query}`, {
    headers: { authorization: `Bearer ${token}` }
  })
}

async function planConfiguration(api: Api, planId: string) {
  const variantId = await api.variantId(SAMPLE_PRODUCT_ID, planId)
  const draft = await api.branch(SAMPLE_PRODUCT_ID, 'Package', variantId)
  const reply = await api.get(
    `products/${SAMPLE_PRODUCT_ID}/packageConfigurations/getByInstanceID(instanceID=${draft})`
  )
  return reply.json.value[0]
}

describe.each(['classic', '2026'] as const)('profile %s', (profile) => {
  it('the product listing filtered by offer ID: the offer (classic) or an empty page (2026, §9.18)', async () => {
    const e = await start(profile)
    const api = await Api.create(e)
    const reply = await api.get(byOfferId)
    expect(reply.status).toBe(200)
    expect(reply.json.value.map((p: { id: string }) => p.id)).toEqual(
      profile === 'classic' ? [SAMPLE_PRODUCT_ID] : []
    )
    // Calls that name the product GUID work in both.
    expect((await api.get(`products/${SAMPLE_PRODUCT_ID}`)).status).toBe(200)
  })

  it('the Product Ingestion lookup answers value[0].id = product/<guid>, with a Graph token only', async () => {
    const e = await start(profile)
    const graphToken = await sampleToken(e, GRAPH)
    const found = await lookup(e, graphToken)
    expect(found.status).toBe(200)
    expect(found.json.value[0].id).toBe(`product/${SAMPLE_PRODUCT_ID}`)
    expect(found.json.value[0].identity.externalId).toBe(SAMPLE.offerId)
    // externalID spelled the other way, $version absent: accepted (product-ingestion-api.md §2.1, §2.2).
    expect((await lookup(e, graphToken, `externalID=${SAMPLE.offerId}`)).json.value).toHaveLength(1)
    expect((await lookup(e, graphToken, 'externalId=no-such-offer')).json).toEqual({ value: [] })
    // The wrong audience is refused both ways (§1.2 there).
    const ingestionToken = await sampleToken(e)
    expect((await lookup(e, ingestionToken)).status).toBe(401)
    expect(e.entra.audienceOf(graphToken)).toBe(GRAPH)
    const withGraphToken = await new Api(e, graphToken).get(`products/${SAMPLE_PRODUCT_ID}`)
    expect(withGraphToken.status).toBe(401)
  })

  it("plan technical configurations: the type by plan kind (classic) or AzureApplicationPackageConfiguration (2026, §9.19); a type change is refused with production's 400", async () => {
    const e = await start(profile)
    const api = await Api.create(e)
    const configuration = await planConfiguration(api, SAMPLE.plans.standard)
    expect(configuration.resourceType).toBe(
      profile === 'classic'
        ? 'AzureManagedApplicationPackageConfiguration'
        : 'AzureApplicationPackageConfiguration'
    )
    const path = `products/${SAMPLE_PRODUCT_ID}/packageConfigurations/${configuration.id}`
    const changed = await api.request(
      'PUT',
      path,
      { ...configuration, resourceType: 'AzureSolutionTemplatePackageConfiguration' },
      { 'if-match': configuration['@odata.etag'] }
    )
    expect(changed.status).toBe(400)
    expect(changed.text).toContain("doesn't match the actual resource type")
    // The object written back as read (with a new version) is accepted.
    const same = await api.request(
      'PUT',
      path,
      { ...configuration, version: '1.0.1' },
      {
        'if-match': configuration['@odata.etag']
      }
    )
    expect(same.status).toBe(200)
  })

  it('x-ms-publisherId: not required unless switched on; then 400 with the production body (§9.3)', async () => {
    const e = await start(profile)
    const api = await Api.create(e)
    expect((await api.get(`products/${SAMPLE_PRODUCT_ID}`)).status).toBe(200)
    e.profile.requirePublisherId = true
    const refused = await api.get(`products/${SAMPLE_PRODUCT_ID}`)
    expect(refused.status).toBe(400)
    expect(refused.json).toBe('x-ms-publisherId is a required header')
    const accepted = await api.get(`products/${SAMPLE_PRODUCT_ID}`, {
      'x-ms-publisherId': '12345678'
    })
    expect(accepted.status).toBe(200)
  })
})
