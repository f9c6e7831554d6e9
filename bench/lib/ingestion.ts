/**
 * The few Partner Center calls the benchmarks make themselves, before the measured run: more
 * plans on the sample offer, and a package (for its write SAS URL) to upload to with curl.
 */
import { SAMPLE, type Emulator } from '../../emulator/index.js'
import { PARTNER_CENTER_RESOURCE } from '../../src/auth/token-endpoint.js'

async function call<T>(emulator: Emulator, method: string, path: string, body?: unknown) {
  // A nextLink is host-relative (§3.7); a plain path is relative to the ingestion root.
  path = path.replace(/^\/?v1\.0\/ingestion\//i, '')
  const tokenResponse = await fetch(`${emulator.url}/${SAMPLE.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: SAMPLE.clientId,
      client_secret: SAMPLE.clientSecret,
      scope: `${PARTNER_CENTER_RESOURCE}/.default`
    })
  })
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string }
  const response = await fetch(`${emulator.url}/v1.0/ingestion/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

async function sampleProductId(emulator: Emulator): Promise<string> {
  const filter = `externalIDs/Any(i:i/type eq 'AzureOfferId' and i/value eq '${SAMPLE.offerId}')`
  const products = await call<{ value: { id: string }[] }>(
    emulator,
    'GET',
    `products?$filter=${encodeURIComponent(filter)}`
  )
  return products.value[0].id
}

/** Adds solution-template plans `plan-3`, `plan-4`… until the sample offer has `count` plans. */
export async function addSamplePlans(emulator: Emulator, count: number): Promise<string[]> {
  const productId = await sampleProductId(emulator)
  const sample = [SAMPLE.plans.standard, SAMPLE.plans.premium]
  const added = Array.from({ length: Math.max(0, count - sample.length) }, (_, index) => {
    return `plan-${sample.length + index + 1}`
  })
  await Promise.all(
    added.map((planId) =>
      call(emulator, 'POST', `products/${productId}/variants`, {
        resourceType: 'AzureSkuVariant',
        friendlyName: planId,
        externalID: planId,
        subType: 'solution-template'
      })
    )
  )
  return [...sample, ...added].slice(0, count)
}

/** A new package of the sample offer; its `fileSasUri` accepts Put Blob and Put Block. */
export async function newPackageSasUrl(emulator: Emulator, fileName: string): Promise<string> {
  const productId = await sampleProductId(emulator)
  const created = await call<{ fileSasUri: string }>(
    emulator,
    'POST',
    `products/${productId}/packages`,
    { resourceType: 'AzureApplicationPackage', fileName }
  )
  return created.fileSasUri
}

interface Page<T> {
  value: T[]
  nextLink?: string
}

async function readAll<T>(emulator: Emulator, path: string): Promise<T[]> {
  const all: T[] = []
  for (let next: string | undefined = path; next;) {
    const page: Page<T> = await call<Page<T>>(emulator, 'GET', next)
    all.push(...page.value)
    next = page.nextLink
  }
  return all
}

/**
 * The sample offer's plans whose Package draft a listed submission names (frozen, §4: a
 * submission freezes the draft instances it names; the emulator moves an edited frozen draft to
 * a new instance, emulator/ingestion/drafts.ts `thawDraft`), and how many pages of the Package
 * branch list a client reads until it has found all of them.
 */
export async function frozenPackageDrafts(
  emulator: Emulator,
  planIds: string[]
): Promise<{ planIds: string[]; branchPages: number }> {
  const productId = await sampleProductId(emulator)
  const same = (a?: string, b?: string) => a?.toLowerCase() === b?.toLowerCase()
  const variants = await readAll<{ id: string; externalID?: string }>(
    emulator,
    `products/${productId}/variants`
  )
  type Resources = { value: string }[]
  // One page, as the action reads it (history: listed submissions are in progress or published).
  const submissions = await call<
    Page<{ resources?: Resources; variantResources?: { resources: Resources }[] }>
  >(emulator, 'GET', `products/${productId}/submissions`)
  const named = submissions.value.flatMap((submission) => [
    ...(submission.resources ?? []),
    ...(submission.variantResources ?? []).flatMap((entry) => entry.resources)
  ])
  type Branch = { variantID?: string; currentDraftInstanceID: string }
  const frozen: string[] = []
  let branchPages = 0
  let pages = 0
  let next: string | undefined = `products/${productId}/branches/getByModule(module=Package)`
  while (next) {
    const page: Page<Branch> = await call<Page<Branch>>(emulator, 'GET', next)
    pages++
    for (const branch of page.value) {
      const plan = variants.find((variant) => same(variant.id, branch.variantID))
      if (!plan?.externalID || !planIds.includes(plan.externalID)) continue
      if (!named.some((resource) => same(resource.value, branch.currentDraftInstanceID))) continue
      frozen.push(plan.externalID)
      branchPages = pages
    }
    next = page.nextLink
  }
  return { planIds: frozen, branchPages }
}
