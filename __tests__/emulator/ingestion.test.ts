import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { BlockBlobClient } from '@azure/storage-blob'
import { SAMPLE, startEmulator, type Emulator } from '../../emulator/index.js'
import { zipOf } from '../../scripts/zip.js'
import { Api, call, VALID_ZIP } from './support.js'

let emulator: Emulator
let api: Api
let productId: string

beforeAll(async () => {
  emulator = await startEmulator({ speed: 0 })
  api = await Api.create(emulator)
  productId = await api.productId()
})
afterAll(() => emulator.close())

/** ICH string body → its parts. */
function ich(reply: { status: number; text: string; headers: Headers }) {
  expect(reply.headers.get('content-type')).toBe('application/json; charset=utf-8')
  const text = JSON.parse(reply.text) as string
  const match = /^(ICH\d+) - (.*?)\. (\{.*\})$/s.exec(text)
  expect(match).not.toBeNull()
  return { code: match![1], details: JSON.parse(match![3]) }
}

async function uploadPackage(
  content: Buffer,
  fileName = `app-${Math.random().toString(36).slice(2)}.zip`
) {
  const created = await api.request('POST', `products/${productId}/packages`, {
    resourceType: 'AzureApplicationPackage',
    fileName
  })
  expect(created.status).toBe(201)
  await new BlockBlobClient(created.json.fileSasUri).uploadData(content)
  const uploaded = await api.request('PUT', `products/${productId}/packages/${created.json.id}`, {
    ...created.json,
    State: 'Uploaded'
  })
  return { created, uploaded }
}

describe('products, variants and branches', () => {
  it('finds the offer by external id in either casing and by resourceType, and refuses an unfiltered list', async () => {
    const lower = encodeURIComponent(
      `externalIDs/Any(i:i/type eq 'AzureOfferId' and i/value eq '${SAMPLE.offerId}')`
    ).replace(/%20/g, '+')
    expect(
      (await api.get(`products?$filter=${lower}`)).json.value.map((p: { id: string }) => p.id)
    ).toEqual([productId])
    expect(
      (await api.get(`products?%24filter=ResourceType+eq+'AzureApplication'`)).json.value
    ).toHaveLength(1)
    expect(
      (await api.get(`products?%24filter=ResourceType+eq+'AzureContainer'`)).json.value
    ).toHaveLength(0)
    const unfiltered = await api.get('products')
    expect(unfiltered.status).toBe(400)
    expect(ich(unfiltered)).toMatchObject({
      code: 'ICH50400',
      details: { faultCode: 50400, data: { 'ProductTypeFilter[0]': expect.any(Array) } }
    })
  })

  it('pages every collection with host-relative nextLinks, absent on the last page', async () => {
    const first = await api.get(`products/${productId}/variants`)
    expect(first.json.value).toHaveLength(2)
    expect(first.json.nextLink).toMatch(
      new RegExp(`^v1\\.0/ingestion/products/${productId}/variants\\?\\$skipToken=`)
    )
    const variants = await api.all(`products/${productId}/variants`)
    expect(variants.map((v) => v.id)).toContain('testdrive')
    expect(variants).toHaveLength(3)
  })

  it('matches paths case-insensitively and 404s with an empty body', async () => {
    const lower = await api.get(`PRODUCTS/${productId}/BRANCHES/GETBYMODULE(MODULE=package)`)
    expect(lower.status).toBe(200)
    const missing = await api.get(`products/00000000-0000-4000-8000-000000000000`)
    expect(missing.status).toBe(404)
    expect(missing.text).toBe('')
  })

  it('creates a plan (case-insensitive properties) whose branches appear after the reads set (§9.12)', async () => {
    emulator.newPlanBranches.hiddenReads = 2
    const reply = await api.request('POST', `products/${productId}/variants`, {
      ResourceType: 'AzureSkuVariant',
      FriendlyName: 'Gold',
      ExternalID: 'gold',
      SubType: 'managed-application'
    })
    expect(reply.status).toBe(201)
    expect(reply.headers.get('location')).toBe(
      `${emulator.url}/v1.0/ingestion/products/${productId}/variants/${reply.json.id}`
    )
    expect(reply.headers.get('etag')).toBe(reply.json['@odata.etag'])
    expect(reply.json).toMatchObject({
      subType: 'managed-application',
      state: 'Active',
      externalID: 'gold'
    })
    const planBranches = async () =>
      (await api.all(`products/${productId}/branches/getByModule(module=Listing)`)).filter(
        (b) => b.variantID === reply.json.id
      )
    expect(await planBranches()).toHaveLength(0)
    expect(await planBranches()).toHaveLength(0)
    expect(await planBranches()).toHaveLength(1)
    // The other modules count their own reads.
    const packages = await api.all(`products/${productId}/branches/getByModule(module=Package)`)
    expect(packages.filter((b) => b.variantID === reply.json.id)).toHaveLength(0)
    emulator.newPlanBranches.hiddenReads = 0
    expect(
      (await api.request('DELETE', `products/${productId}/variants/${reply.json.id}`)).status
    ).toBe(204)
  })

  it('validates request bodies with a 400 naming the field', async () => {
    const reply = await api.request('POST', `products/${productId}/variants`, {
      resourceType: 'AzureSkuVariant',
      externalID: 'x',
      subType: 'virtual-machine'
    })
    expect(reply.status).toBe(400)
    expect(Object.keys(ich(reply).details.data).sort()).toEqual(['friendlyName', 'subType'])
  })

  it.each([
    ['a plan ID in upper case', { externalID: 'Gold', friendlyName: 'Gold' }, 'externalID'],
    [
      'a plan ID over 50 characters',
      { externalID: 'g'.repeat(51), friendlyName: 'G' },
      'externalID'
    ],
    ['a blank plan name', { externalID: 'gold', friendlyName: ' ' }, 'friendlyName'],
    [
      'a plan name over 2,000 characters',
      { externalID: 'gold', friendlyName: 'G'.repeat(2001) },
      'friendlyName'
    ]
  ])('refuses a new plan with %s: 400 ICH50400 naming the field', async (_what, fields, field) => {
    const before = (await api.all(`products/${productId}/variants`)).length
    const reply = await api.request('POST', `products/${productId}/variants`, {
      resourceType: 'AzureSkuVariant',
      subType: 'solution-template',
      ...fields
    })
    expect(reply.status).toBe(400)
    expect(ich(reply)).toMatchObject({
      code: 'ICH50400',
      details: { data: { [field]: expect.any(Array) } }
    })
    expect(await api.all(`products/${productId}/variants`)).toHaveLength(before)
  })

  it("refuses a managed application's tenant or principal that is not a GUID (§3.8 'Enter a valid GUID')", async () => {
    const variant = await api.variantId(productId, 'standard')
    const draft = await api.branch(productId, 'Package', variant)
    const [configuration] = await api.all(
      `products/${productId}/packageConfigurations/getByInstanceID(instanceID=${draft})`
    )
    const reply = await api.request(
      'PUT',
      `products/${productId}/packageConfigurations/${configuration.id}`,
      {
        ...configuration,
        publicAzureTenantID: 'contoso',
        publicAzureAuthorizations: [{ principalID: 'nobody', roleDefinitionID: 'Owner' }]
      },
      { 'if-match': '*' }
    )
    expect(reply.status).toBe(400)
    expect(ich(reply).details.data).toEqual({
      publicAzureTenantID: ['Enter a valid GUID.'],
      'publicAzureAuthorizations[0].principalID': ['Enter a valid GUID.']
    })
  })
})

describe('drafts and etags', () => {
  it('PUT needs If-Match, refuses a stale etag with 412, accepts * and replaces the resource', async () => {
    const instance = await api.branch(productId, 'Listing')
    const [listing] = (
      await api.get(`products/${productId}/listings/getByInstanceID(instanceID=${instance})`)
    ).json.value
    const path = `products/${productId}/listings/${listing.id}`
    const withoutKeywords = { ...listing }
    delete withoutKeywords.keywords
    expect((await api.request('PUT', path, { ...withoutKeywords, title: 'New' })).status).toBe(400)
    const ok = await api.request(
      'PUT',
      path,
      { ...withoutKeywords, title: 'New' },
      { 'if-match': listing['@odata.etag'] }
    )
    expect(ok.status).toBe(200)
    expect(ok.json['@odata.etag']).not.toBe(listing['@odata.etag'])
    expect(ok.json['@odata.etag']).toMatch(/^"[^"]+"$/)
    expect(ok.headers.get('etag')).toBe(ok.json['@odata.etag'])
    expect(ok.json.keywords).toBeUndefined()
    expect(ok.json.languageCode).toBe('en-us')
    expect(
      (await api.request('PUT', path, ok.json, { 'if-match': listing['@odata.etag'] })).status
    ).toBe(412)
    expect((await api.request('PUT', path, ok.json, { 'if-match': '*' })).status).toBe(200)
  })

  it('refuses a listing over the Partner Center form limits, naming each field', async () => {
    const instance = await api.branch(productId, 'Listing')
    const [listing] = (
      await api.get(`products/${productId}/listings/getByInstanceID(instanceID=${instance})`)
    ).json.value
    const reply = await api.request(
      'PUT',
      `products/${productId}/listings/${listing.id}`,
      { ...listing, summary: 's'.repeat(101), keywords: ['a', 'b', 'c', 'd'] },
      { 'if-match': '*' }
    )
    expect(reply.status).toBe(400)
    expect(Object.keys(ich(reply).details.data).sort()).toEqual(['keywords', 'summary'])
    const fits = await api.request(
      'PUT',
      `products/${productId}/listings/${listing.id}`,
      { ...listing, summary: 's'.repeat(100) },
      { 'if-match': '*' }
    )
    expect(fits.status).toBe(200)
  })

  it('refuses properties over the Partner Center form limits', async () => {
    const instance = await api.branch(productId, 'Property')
    const [property] = (
      await api.get(`products/${productId}/properties/getByInstanceID(instanceID=${instance})`)
    ).json.value
    const path = `products/${productId}/properties/${property.id}`
    const reply = await api.request(
      'PUT',
      path,
      {
        ...property,
        leveledCategories: { a: [], b: [], c: ['x', 'y', 'z'] },
        industries: ['a', 'b', 'c']
      },
      { 'if-match': '*' }
    )
    expect(reply.status).toBe(400)
    expect(Object.keys(ich(reply).details.data).sort()).toEqual([
      'industries',
      'leveledCategories',
      'leveledCategories.c'
    ])
    const fits = { ...property, leveledCategories: { a: ['x', 'y'] }, industries: ['a', 'b'] }
    expect((await api.request('PUT', path, fits, { 'if-match': '*' })).status).toBe(200)
  })

  it('answers 409 on a stale etag when configured so', async () => {
    const other = await startEmulator({ speed: 0, etagMismatchStatus: 409 })
    try {
      const otherApi = await Api.create(other)
      const pid = await otherApi.productId()
      const [property] = (
        await otherApi.get(
          `products/${pid}/properties/getByInstanceID(instanceID=${await otherApi.branch(pid, 'Property')})`
        )
      ).json.value
      expect(
        (
          await otherApi.request('PUT', `products/${pid}/properties/${property.id}`, property, {
            'if-match': '"stale"'
          })
        ).status
      ).toBe(409)
    } finally {
      await other.close()
    }
  })
})

describe('packages and technical configuration', () => {
  it('runs PendingUpload → Uploaded → InProcessing → Processed on the clock, with a read-only SAS after upload', async () => {
    const zip = VALID_ZIP()
    const { created, uploaded } = await uploadPackage(zip)
    expect(created.json).toMatchObject({
      state: 'PendingUpload',
      resourceType: 'AzureApplicationPackage'
    })
    expect(new URL(created.json.fileSasUri).searchParams.get('sp')).toBe('rwl')
    expect(uploaded.status).toBe(200)
    expect(uploaded.json.state).toBe('Uploaded')
    expect(new URL(uploaded.json.fileSasUri).searchParams.get('sp')).toBe('rl')
    const path = `products/${productId}/packages/${created.json.id}`
    emulator.clock.advance(5)
    expect((await api.get(path)).json.state).toBe('InProcessing')
    emulator.clock.advance(20)
    expect((await api.get(path)).json.state).toBe('Processed')
    const snapshot = emulator.inspect(SAMPLE.offerId).packages.find((p) => p.id === created.json.id)
    expect(snapshot).toMatchObject({ state: 'Processed', blobSize: zip.length })
  })

  it('takes a repeated PUT state=Uploaded as a no-op', async () => {
    const { created, uploaded } = await uploadPackage(VALID_ZIP())
    emulator.clock.advance(5)
    const again = await api.request('PUT', `products/${productId}/packages/${created.json.id}`, {
      ...uploaded.json,
      state: 'Uploaded'
    })
    expect(again.status).toBe(200)
    expect(again.json.state).toBe('InProcessing')
  })

  it('refuses Uploaded before any blob was committed', async () => {
    const created = await api.request('POST', `products/${productId}/packages`, {
      resourceType: 'AzureApplicationPackage',
      fileName: 'empty.zip'
    })
    const reply = await api.request('PUT', `products/${productId}/packages/${created.json.id}`, {
      ...created.json,
      state: 'Uploaded'
    })
    expect(reply.status).toBe(400)
    expect(ich(reply).details.data).toHaveProperty('state')
  })

  it('fails processing of a zip without mainTemplate.json at its root, and on demand', async () => {
    const { created } = await uploadPackage(
      zipOf({ 'sub/mainTemplate.json': '{}', 'createUiDefinition.json': '{}' })
    )
    emulator.clock.advance(30)
    const failed = (await api.get(`products/${productId}/packages/${created.json.id}`)).json
    expect(failed.state).toBe('ProcessFailed')
    expect(failed.validationItems[0].message).toContain('mainTemplate.json')

    emulator.scenario.failNextPackageProcessing(SAMPLE.offerId, [
      { errorCode: 'X1', severity: 'Error', message: 'nope', resource: 'Package' }
    ])
    const second = await uploadPackage(VALID_ZIP())
    emulator.clock.advance(30)
    expect(
      (await api.get(`products/${productId}/packages/${second.created.json.id}`)).json
        .validationItems
    ).toEqual([{ errorCode: 'X1', severity: 'Error', message: 'nope', resource: 'Package' }])
  })

  it('enforces the configuration rules: subType resourceType, greater version, processed packages', async () => {
    const { created } = await uploadPackage(VALID_ZIP())
    emulator.clock.advance(30)
    const planId = await api.variantId(productId, SAMPLE.plans.premium)
    const [config] = (
      await api.get(
        `products/${productId}/packageConfigurations/getByInstanceID(instanceID=${await api.branch(productId, 'Package', planId)})`
      )
    ).json.value
    expect(config.resourceType).toBe('AzureSolutionTemplatePackageConfiguration')
    const path = `products/${productId}/packageconfigurations/${config.id}`
    const refs = [{ type: 'AzureApplicationPackage', value: created.json.id }]
    const put = (body: object, etag = config['@odata.etag']) =>
      api.request('PUT', path, { ...config, ...body }, { 'if-match': etag })

    expect(
      ich(
        await put({
          resourceType: 'AzureManagedApplicationPackageConfiguration',
          version: '1.1.0',
          packageReferences: refs
        })
      ).details.data
    ).toHaveProperty('resourceType')
    expect(
      ich(await put({ version: '1.0.0', packageReferences: refs })).details.data
    ).toHaveProperty('version')
    expect(
      ich(
        await put({
          version: '1.1.0',
          packageReferences: [{ type: 'AzureApplicationPackage', value: 'nope' }]
        })
      ).details.data
    ).toHaveProperty(['packageReferences[0].value'])
    const ok = await put({ version: '1.1.0', packageReferences: refs })
    expect(ok.status).toBe(200)
    expect(
      emulator.inspect(SAMPLE.offerId).packageConfigurations.find((c) => c.planId === 'premium')
    ).toMatchObject({ version: '1.1.0', packageReferences: refs })
  })
})

describe('submissions', () => {
  // Each test moves the clock by up to hours: a fresh token each time.
  beforeEach(async () => {
    api = await Api.create(emulator)
  })

  async function cancelRunning() {
    for (const s of emulator.inspect(SAMPLE.offerId).submissions) {
      if (s.state === 'InProgress' && s.substate !== 'Failed')
        await api.request('DELETE', `products/${productId}/submissions/${s.id}`)
    }
  }

  it('runs InDraft → Submitted → ReadyToPublish → promote → Publishing → InStore on the clock', async () => {
    await cancelRunning()
    const created = await api.request(
      'POST',
      `products/${productId}/submissions`,
      await api.fullSubmission(productId)
    )
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({
      state: 'InProgress',
      substate: 'InDraft',
      targets: [{ type: 'Scope', value: 'Preview' }],
      pendingUpdateInfo: { updateType: 'Create', status: 'Running' },
      publishedTimeInUtc: '1601-01-01T00:00:00Z',
      friendlyName: `Submission ${created.json.releaseNumber}`
    })
    expect(created.json.id).toMatch(/^\d{19}$/)
    const path = `products/${productId}/submissions/${created.json.id}`
    const promote = () => api.request('POST', `${path}/promote`, {})
    expect((await promote()).status).toBe(409)
    expect(
      (
        await api.request(
          'POST',
          `products/${productId}/submissions`,
          await api.fullSubmission(productId)
        )
      ).status
    ).toBe(409)

    emulator.clock.advance(31)
    expect((await api.get(path)).json).toMatchObject({ state: 'InProgress', substate: 'Submitted' })
    emulator.clock.advance(300)
    expect((await api.get(path)).json).toMatchObject({
      state: 'Published',
      substate: 'ReadyToPublish',
      pendingUpdateInfo: { status: 'Completed' }
    })
    const details = await api.all(`${path}/workflowdetails`)
    expect(details.map((d) => d.targetEnvironment)).toEqual(['Preview', 'Live'])
    expect(
      details.flatMap((d) =>
        d.workflowSteps.map((s: { name: string; state: string }) => `${s.name}:${s.state}`)
      )
    ).toEqual([
      'Automated validation:Success',
      'Preview Creation:Success',
      'Publisher Signoff:InProgress',
      'Certification:NotStarted',
      'Publish:NotStarted'
    ])

    const promoted = await promote()
    expect(promoted.status).toBe(200)
    expect(promoted.json).toMatchObject({
      targetEnvironment: 'Live',
      workflowSteps: [
        { name: 'Certification', state: 'InProgress' },
        { name: 'Publish', state: 'NotStarted' }
      ]
    })
    expect((await api.get(path)).json).toMatchObject({ state: 'Published', substate: 'Publishing' })
    emulator.clock.advance(901)
    expect((await api.get(path)).json).toMatchObject({ state: 'Published', substate: 'InStore' })
    expect((await promote()).status).toBe(400)
    expect((await api.request('DELETE', path)).status).toBe(400)
  })

  it('accepts a submission without ResellerConfiguration, which later fails with Resell-20007', async () => {
    await cancelRunning()
    const created = await api.request(
      'POST',
      `products/${productId}/submissions`,
      await api.fullSubmission(productId, { withReseller: false })
    )
    expect(created.status).toBe(201)
    emulator.clock.advance(31)
    const path = `products/${productId}/submissions/${created.json.id}`
    expect((await api.get(path)).json).toMatchObject({
      state: 'InProgress',
      substate: 'Failed',
      pendingUpdateInfo: { updateType: 'Create', status: 'Completed' }
    })
    expect((await api.get(`${path}/validations`)).json.value).toEqual([
      {
        errorCode: 'Resell-20007',
        severity: 'Error',
        message: 'ResellerConfiguration module is missing..',
        resource: 'Resell'
      }
    ])
    const steps = (await api.all(`${path}/workflowdetails`))[0].workflowSteps
    expect(steps[0].state).toBe('Failed')
  })

  it('fails on demand, and a failed submission does not block a new one', async () => {
    await cancelRunning()
    emulator.scenario.failNextSubmission(SAMPLE.offerId)
    const failed = await api.request(
      'POST',
      `products/${productId}/submissions`,
      await api.fullSubmission(productId)
    )
    emulator.clock.advance(31)
    expect(
      (await api.get(`products/${productId}/submissions/${failed.json.id}`)).json.substate
    ).toBe('Failed')
    const next = await api.request(
      'POST',
      `products/${productId}/submissions`,
      await api.fullSubmission(productId)
    )
    expect(next.status).toBe(201)
    expect(next.json.releaseNumber).toBe(failed.json.releaseNumber + 1)
    expect(
      (await api.request('DELETE', `products/${productId}/submissions/${next.json.id}`)).status
    ).toBe(204)
  })

  it('refuses resources that are not current drafts, and unknown targets', async () => {
    await cancelRunning()
    const body = await api.fullSubmission(productId)
    const wrongDraft = {
      ...body,
      resources: [{ type: 'Listing', value: 'not-a-draft' }, ...body.resources.slice(1)]
    }
    expect(
      ich(await api.request('POST', `products/${productId}/submissions`, wrongDraft)).details.data
    ).toHaveProperty(['resources[0].value'])
    const wrongTarget = { ...body, targets: [{ type: 'Scope', value: 'staging' }] }
    expect(
      ich(await api.request('POST', `products/${productId}/submissions`, wrongTarget)).details.data
    ).toHaveProperty(['targets[0].value'])
  })

  it('pins an in-progress submission for a scenario, filterable by state', async () => {
    await cancelRunning()
    const id = emulator.scenario.inProgressSubmission(SAMPLE.offerId, { substate: 'Submitted' })
    emulator.clock.advance(10000)
    api = await Api.create(emulator)
    const listed = await api.all(`products/${productId}/submissions?$filter=state eq 'InProgress'`)
    expect(listed.find((s) => s.id === id)).toMatchObject({
      state: 'InProgress',
      substate: 'Submitted'
    })
    expect((await api.request('DELETE', `products/${productId}/submissions/${id}`)).status).toBe(
      204
    )
    expect((await api.get(`products/${productId}/submissions/${id}`)).status).toBe(404)
  })
})

describe('faults and paging bugs', () => {
  // The submission tests moved the clock past the first token's lifetime.
  beforeAll(async () => {
    api = await Api.create(emulator)
  })

  it('answers a rule every Nth time, a limited number of times', async () => {
    emulator.faults.add({
      method: 'GET',
      path: /\/variants$/,
      every: 2,
      times: 1,
      status: 429,
      headers: { 'retry-after': '3' },
      body: ''
    })
    const statuses = []
    for (let i = 0; i < 4; i++)
      statuses.push((await api.get(`products/${productId}/VARIANTS`)).status)
    expect(statuses).toEqual([200, 429, 200, 200])
    emulator.faults.clear()
  })

  it('drops the connection on demand', async () => {
    emulator.faults.add({ path: /\/branches\//, dropConnection: true, times: 1 })
    await expect(
      fetch(
        `${emulator.url}/v1.0/ingestion/products/${productId}/branches/getByModule(module=Listing)`
      )
    ).rejects.toThrow()
    emulator.faults.clear()
  })

  it('serves a nextLink that 404s, or one that repeats itself', async () => {
    emulator.paging.mode = 'nextLink404'
    const first = await api.get(`products/${productId}/variants`)
    expect(
      (
        await call(`${emulator.url}/${first.json.nextLink}`, {
          headers: { authorization: `Bearer ${api.token}` }
        })
      ).status
    ).toBe(404)
    emulator.paging.mode = 'nextLinkRepeats'
    const again = await api.get(`products/${productId}/variants`)
    const second = await call(`${emulator.url}/${again.json.nextLink}`, {
      headers: { authorization: `Bearer ${api.token}` }
    })
    expect(second.json.nextLink).toBe(again.json.nextLink)
    emulator.paging.mode = 'normal'
  })

  it('serves an empty first page whose nextLink leads to the items', async () => {
    emulator.paging.mode = 'emptyFirstPage'
    const first = await api.get(`products/${productId}/variants`)
    expect(first.json.value).toEqual([])
    expect(first.json.nextLink).toEqual(expect.any(String))
    expect(await api.all(`products/${productId}/variants`)).toHaveLength(3)
    emulator.paging.mode = 'normal'
  })

  it('records every request in order with its status', async () => {
    const before = emulator.requests.length
    await api.get(`products/${productId}`)
    expect(emulator.requests.slice(before)).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: `/v1.0/ingestion/products/${productId}`,
        status: 200
      })
    ])
  })
})
