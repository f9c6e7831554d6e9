import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulator, SAMPLE, type Emulator } from '../../../emulator/index.js'
import { createHttpTransport, type DisposableHttpTransport } from '../../../src/http/transport.js'
import { PartnerCenterClient } from '../../../src/partner-center/client.js'
import { PartnerCenterError } from '../../../src/partner-center/errors.js'
import { sameText } from '../../../src/partner-center/normalize.js'
import type {
  Branch,
  KnownBranchModule,
  SubmissionCreationRequest
} from '../../../src/partner-center/types.js'
import { uploadPackage } from '../../../src/storage/blob-upload.js'
import { sasSignatureForms } from '../../../src/storage/sas.js'
import { recordingLogger } from '../../support/recording-logger.js'
import { sampleToken } from '../../support/sample-token.js'
import { zipOf } from '../../../scripts/zip.js'

let emulator: Emulator
let transport: DisposableHttpTransport
let dir: string

/** Signs in with the sample app's secret at the emulator's Entra v2 endpoint. */
const signIn = (): Promise<string> => sampleToken(emulator.url, transport)

/** A client whose token provider is counted, and can start from a given (bad) token. */
function client(firstToken?: string) {
  const logger = recordingLogger()
  const tokenRequests: { forceRefresh?: boolean }[] = []
  let cached = firstToken
  const pc = new PartnerCenterClient({
    baseUrl: `${emulator.url}/`,
    transport,
    logger,
    getToken: async (options = {}) => {
      tokenRequests.push(options)
      if (cached === undefined || options.forceRefresh) cached = await signIn()
      return cached
    }
  })
  return { pc, logger, tokenRequests }
}

function requestsTo(pattern: RegExp) {
  return emulator.requests.filter((r) => pattern.test(r.path))
}

async function sampleProductId(pc: PartnerCenterClient): Promise<string> {
  const [product] = await pc.findProductsByOfferId(SAMPLE.offerId)
  return product!.id
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pc-client-'))
  emulator = await startEmulator()
  transport = createHttpTransport({
    userAgent: 'pc-client-test',
    logger: recordingLogger(),
    retry: { baseDelayMs: 5, maxDelayMs: 20 }
  })
})

afterAll(async () => {
  transport?.dispose()
  await emulator?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('PartnerCenterClient against the emulator', () => {
  it('finds the offer by its offer id, and nothing for an unknown one', async () => {
    const { pc } = client()
    const products = await pc.findProductsByOfferId(SAMPLE.offerId)
    expect(products).toHaveLength(1)
    expect(products[0]).toMatchObject({ resourceType: 'AzureApplication' })
    expect(products[0]?.externalIDs).toEqual([{ type: 'AzureOfferId', value: SAMPLE.offerId }])
    await expect(pc.findProductsByOfferId('no-such-offer')).resolves.toEqual([])

    const [request] = requestsTo(/\/products$/)
    expect(request?.query).toContain(
      '%24filter=externalIDs%2FAny%28i%3Ai%2Ftype+eq+%27AzureOfferId%27+and+i%2Fvalue+eq+%27contoso-app%27%29'
    )
  })

  it('sends the bearer token, Accept and a fresh Client-Request-ID on every call', async () => {
    const { pc } = client()
    const productId = await sampleProductId(pc)
    await pc.getProduct(productId)
    const calls = requestsTo(new RegExp(`/products/${productId}$`, 'i'))
    const ids = calls.map((call) => call.headers['client-request-id'])
    expect(calls.length).toBeGreaterThan(0)
    for (const call of calls) {
      expect(call.headers.authorization).toMatch(/^Bearer \S+$/)
      expect(call.headers.accept).toBe('application/json')
      expect(call.headers['client-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    }
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('lists every plan across pages, and the Package branches with their plans', async () => {
    const { pc } = client()
    const productId = await sampleProductId(pc)
    const before = requestsTo(/\/variants$/).length
    const variants = await pc.listVariants(productId)
    expect(requestsTo(/\/variants$/).length - before).toBeGreaterThan(1) // page size 2
    const plans = variants.filter((v) => sameText(v.resourceType, 'AzureSkuVariant'))
    expect(plans.map((p) => [p.externalID, p.subType]).sort()).toEqual([
      ['premium', 'solution-template'],
      ['standard', 'managed-application']
    ])
    expect(variants.some((v) => v.id === 'testdrive')).toBe(true)

    const branches = await pc.listBranches(productId, 'Package')
    for (const plan of plans) {
      expect(branches.filter((b) => b.variantID === plan.id)).toHaveLength(1)
    }
    expect(branches.every((b) => sameText(b.module, 'Package') && b.currentDraftInstanceID)).toBe(
      true
    )
  })

  it('creates a package, uploads it to its SAS URL, marks it uploaded and sees it processed', async () => {
    const { pc, logger } = client()
    const productId = await sampleProductId(pc)
    const created = await pc.createPackage(productId, { fileName: 'contoso-app-1.1.0.zip' })
    expect(created).toMatchObject({ state: 'PendingUpload', fileName: 'contoso-app-1.1.0.zip' })
    expect(created.fileSasUri).toBeDefined()
    const sasUrl = created.fileSasUri!
    // Masked as soon as the response was read, in every form.
    expect(logger.secrets).toEqual(expect.arrayContaining(sasSignatureForms(sasUrl)))

    const filePath = join(dir, 'contoso-app-1.1.0.zip')
    await writeFile(
      filePath,
      zipOf({ 'mainTemplate.json': '{"resources":[]}', 'createUiDefinition.json': '{}' })
    )
    const upload = await uploadPackage({ filePath, sasUrl, logger })
    expect(upload.method).toBe('single')

    const uploaded = await pc.markPackageUploaded(productId, created)
    expect(uploaded.id).toBe(created.id)
    const [put] = requestsTo(new RegExp(`/packages/${created.id}$`)).filter(
      (r) => r.method === 'PUT'
    )
    expect(JSON.parse(put!.body)).toMatchObject({ ...created, state: 'Uploaded' })
    expect(put?.headers['content-type']).toBe('application/json; charset=utf-8')

    emulator.clock.advance(60)
    const processed = await pc.getPackage(productId, created.id)
    expect(processed.state).toBe('Processed')
    expect((await pc.listPackages(productId)).map((p) => p.id)).toContain(created.id)
    expect(
      emulator.inspect(SAMPLE.offerId).packages.find((p) => p.id === created.id)
    ).toMatchObject({
      blobSize: upload.bytes
    })
    for (const form of sasSignatureForms(sasUrl)) expect(logger.text()).not.toContain(form)
  })

  it('updates a package configuration with If-Match, and refuses a stale etag', async () => {
    const { pc } = client()
    const productId = await sampleProductId(pc)
    const standard = (await pc.listVariants(productId)).find((v) => v.externalID === 'standard')!
    const branch = (await pc.listBranches(productId, 'Package')).find(
      (b) => b.variantID === standard.id
    )!
    const [config] = await pc.listPackageConfigurations(productId, branch.currentDraftInstanceID)
    expect(config).toMatchObject({ resourceType: 'AzureManagedApplicationPackageConfiguration' })
    const etag = config!['@odata.etag']!
    expect(etag).toMatch(/^".*"$/)

    const sample = emulator.inspect(SAMPLE.offerId)
    const packageId = sample.packages.find(
      (p) => p.state === 'Processed' || p.state === 'Uploaded'
    )!.id
    const updated = await pc.updatePackageConfiguration(productId, {
      ...config!,
      version: '1.2.0',
      packageReferences: [{ type: 'AzureApplicationPackage', value: packageId }]
    })
    expect(updated['@odata.etag']).not.toBe(etag)
    const [put] = emulator.requests.filter(
      (r) => r.method === 'PUT' && /packageconfigurations/i.test(r.path)
    )
    expect(put?.headers['if-match']).toBe(etag)
    expect(
      emulator.inspect(SAMPLE.offerId).packageConfigurations.find((c) => c.planId === 'standard')
    ).toMatchObject({ version: '1.2.0' })

    const stale = await pc
      .updatePackageConfiguration(productId, { ...config!, version: '1.3.0' })
      .catch((e: unknown) => e)
    expect(stale).toBeInstanceOf(PartnerCenterError)
    expect(stale).toMatchObject({ status: 412 })
    expect((stale as Error).message).toContain('etag no longer matches')
  })

  it('reads the reseller configuration', async () => {
    const { pc } = client()
    const reseller = await pc.getResellerConfiguration(await sampleProductId(pc))
    expect(reseller.resourceType).toBe('ResellerConfiguration')
    expect(typeof reseller.resellerChannelState).toBe('string')
  })

  it('creates, lists, gets and deletes a submission, then promotes one with validations and workflow details', async () => {
    const { pc } = client()
    const productId = await sampleProductId(pc)
    const request = await previewRequest(pc, productId)

    const first = await pc.createSubmission(productId, request)
    expect(first).toMatchObject({ state: 'InProgress' })
    expect(first.id).toMatch(/^\d+$/)
    expect((await pc.listSubmissions(productId)).map((s) => s.id)).toContain(first.id)
    expect((await pc.getSubmission(productId, first.id)).id).toBe(first.id)
    await pc.deleteSubmission(productId, first.id)
    await expect(pc.getSubmission(productId, first.id)).rejects.toMatchObject({ status: 404 })
    expect(emulator.inspect(SAMPLE.offerId).submissions.map((s) => s.id)).not.toContain(first.id)

    const second = await pc.createSubmission(productId, request)
    emulator.clock.advance(30 + 300 + 5)
    const ready = await pc.getSubmission(productId, second.id)
    expect(ready).toMatchObject({ state: 'Published', substate: 'ReadyToPublish' })
    expect(Array.isArray(await pc.listSubmissionValidations(productId, second.id))).toBe(true)
    const details = await pc.listSubmissionWorkflowDetails(productId, second.id)
    expect(details.length).toBeGreaterThan(0)

    await pc.promoteSubmission(productId, second.id)
    const promoted = await pc.getSubmission(productId, second.id)
    expect(promoted.pendingUpdateInfo?.updateType).toMatch(/promote/i)
  })

  it('signs in again once on a 401 and retries the call', async () => {
    const { pc, tokenRequests } = client('expired-or-revoked-token')
    const products = await pc.findProductsByOfferId(SAMPLE.offerId)
    expect(products).toHaveLength(1)
    expect(tokenRequests).toEqual([{}, { forceRefresh: true }])
  })

  it('fails with a PartnerCenterError and a hint when the token is refused twice', async () => {
    const { pc, tokenRequests } = client()
    emulator.faults.add({ path: /\/v1\.0\/ingestion\/products/, status: 401, times: 2 })
    try {
      const error = await pc.findProductsByOfferId(SAMPLE.offerId).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(PartnerCenterError)
      expect(error).toMatchObject({ status: 401 })
      expect((error as Error).message).toContain('https://api.partner.microsoft.com')
      expect(tokenRequests).toHaveLength(2)
    } finally {
      emulator.faults.clear()
    }
  })

  it('reports an unknown product as a 404 PartnerCenterError with a hint', async () => {
    const { pc } = client()
    const error = await pc
      .getProduct('00000000-0000-0000-0000-000000000000')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PartnerCenterError)
    expect(error).toMatchObject({ status: 404, method: 'GET' })
    // The hint is the product read's: it names the GUID and where to find the right one.
    expect((error as Error).message).toContain(
      'No product with this GUID in this Partner Center account'
    )
  })
})

/** A preview submission of every module draft, offer-level and per plan (§5.13). */
async function previewRequest(
  pc: PartnerCenterClient,
  productId: string
): Promise<SubmissionCreationRequest> {
  const modules: KnownBranchModule[] = [
    'Availability',
    'Listing',
    'Package',
    'Property',
    'ResellerConfiguration'
  ]
  const branches: Branch[] = (
    await Promise.all(modules.map((module) => pc.listBranches(productId, module)))
  ).flat()
  const plans = (await pc.listVariants(productId)).filter((v) =>
    sameText(v.resourceType, 'AzureSkuVariant')
  )
  const pair = (b: Branch) => ({ type: b.module, value: b.currentDraftInstanceID })
  return {
    resourceType: 'SubmissionCreationRequest',
    targets: [{ type: 'Scope', value: 'preview' }],
    resources: branches.filter((b) => !b.variantID).map(pair),
    variantResources: plans.map((plan) => ({
      variantID: plan.id,
      resources: branches.filter((b) => b.variantID === plan.id).map(pair)
    })),
    publishOption: { isManualPublish: true, isAutoPromote: false }
  }
}
