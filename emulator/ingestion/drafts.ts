import { newGuid } from '../ids.js'
import type { IngestionContext } from './context.js'
import { badRequest, notFound } from './errors.js'
import { packageState, submissionStatus } from './lifecycle.js'
import type { DraftCollection, DraftResource, Json, Offer } from './model.js'
import type { Route } from './router.js'
import { compareSemver, isSemver } from './semver.js'
import {
  declaredResourceType,
  parseRequestBody,
  REQUEST_TABLES,
  validate,
  type RequestTable
} from './validation.js'

/** The draft resource collections, with the casing production's paths use (matching ignores it). */
const COLLECTIONS: { path: string; collection: DraftCollection; tables: RequestTable[] }[] = [
  { path: 'listings', collection: 'listings', tables: [REQUEST_TABLES.listing] },
  { path: 'properties', collection: 'properties', tables: [REQUEST_TABLES.property] },
  {
    path: 'productAvailabilities',
    collection: 'productavailabilities',
    tables: [REQUEST_TABLES.productAvailability]
  },
  {
    path: 'featureAvailabilities',
    collection: 'featureavailabilities',
    tables: [REQUEST_TABLES.featureAvailability]
  },
  {
    path: 'packageConfigurations',
    collection: 'packageconfigurations',
    tables: [
      REQUEST_TABLES.solutionTemplateConfiguration,
      REQUEST_TABLES.managedApplicationConfiguration,
      REQUEST_TABLES.applicationConfiguration
    ]
  }
]

function findDraft(offer: Offer, collection: DraftCollection, id: string): DraftResource {
  const draft = [...offer.drafts.entries()].find(
    ([key, d]) => key.toLowerCase() === id.toLowerCase() && d.collection === collection
  )
  if (!draft) throw notFound()
  return draft[1]
}

/** The highest version that went into a submission (or was published by the seed) for a plan. */
function lastSubmittedVersion(
  ctx: IngestionContext,
  offer: Offer,
  variantId: string
): string | undefined {
  const versions = [
    offer.publishedVersions.get(variantId),
    ...offer.submissions
      .filter((s) => !submissionStatus(s, ctx.nowMs, ctx.deps.timings).failed)
      .map((s) => s.planVersions[variantId])
  ].filter((v): v is string => !!v && isSemver(v))
  return versions.sort(compareSemver).pop()
}

/**
 * The server-side rules of a plan's technical configuration (§5.11, §10): the resourceType of
 * the plan's subType, a version greater than the last submitted one, and references to processed
 * packages of this product only.
 */
function checkPackageConfiguration(
  ctx: IngestionContext,
  offer: Offer,
  draft: DraftResource,
  body: Json
): void {
  // A type change is refused with production's wording (§9.19): write back the type you read.
  if (body.resourceType !== draft.body.resourceType) {
    throw badRequest('Request validation failed.', {
      resourceType: [
        `The resourceType '${String(body.resourceType)}' doesn't match the actual resource type '${String(draft.body.resourceType)}'.`
      ]
    })
  }
  checkAuthorizations(body)
  if (!draft.variantID || body.version === undefined) return
  const version = String(body.version)
  if (!isSemver(version))
    throw badRequest('Request validation failed.', {
      version: [`The version '${version}' is not a valid semantic version.`]
    })
  const last = lastSubmittedVersion(ctx, offer, draft.variantID)
  if (last && compareSemver(version, last) <= 0) {
    throw badRequest('Request validation failed.', {
      version: [
        `The version '${version}' must be greater than the last published version '${last}'.`
      ]
    })
  }
  const references = (body.packageReferences as { type: string; value: string }[] | undefined) ?? []
  references.forEach((reference, i) => {
    const record = [...offer.packages.entries()].find(
      ([id]) => id.toLowerCase() === String(reference.value).toLowerCase()
    )?.[1]
    if (!record || packageState(record, ctx.nowMs, ctx.deps.timings) !== 'Processed') {
      throw badRequest('Request validation failed.', {
        [`packageReferences[${i}].value`]: [
          `The package '${reference.value}' is not a processed package of this product.`
        ]
      })
    }
  })
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * A managed application's tenant and authorizations (§5.11): production refuses a tenant or
 * principal ID that is not a GUID with a message S3 matches, "Enter a valid GUID" (§3.8). Empty
 * ones (a plan not configured yet) pass.
 */
function checkAuthorizations(body: Json): void {
  const data: Record<string, string[]> = {}
  const tenant = body.publicAzureTenantID
  if (typeof tenant === 'string' && tenant !== '' && !GUID.test(tenant))
    data.publicAzureTenantID = ['Enter a valid GUID.']
  const authorizations = Array.isArray(body.publicAzureAuthorizations)
    ? (body.publicAzureAuthorizations as Json[])
    : []
  authorizations.forEach((authorization, i) => {
    const principal = Object.entries(authorization).find(([key]) => /^principalid$/i.test(key))
    if (!GUID.test(String(principal?.[1] ?? '')))
      data[`publicAzureAuthorizations[${i}].principalID`] = ['Enter a valid GUID.']
  })
  if (Object.keys(data).length > 0) throw badRequest('Request validation failed.', data)
}

/**
 * Listing limits as Microsoft Learn gives them for the Partner Center form (the manifest schema
 * cites each: src/manifest/schema.ts). Whether the API enforces them on the PUT, and with which
 * message, is not recorded [I]: the emulator refuses like its other validation (400 ICH50400
 * naming the field), so a client that skipped its local checks sees the failure here.
 */
const LISTING_LIMITS: Record<string, number> = {
  title: 200,
  summary: 100,
  shortDescription: 256,
  description: 5000,
  gettingStartedInstructions: 3000
}
const MAX_KEYWORDS = 3

function checkListing(body: Json): void {
  const data: Record<string, string[]> = {}
  for (const [field, limit] of Object.entries(LISTING_LIMITS)) {
    const value = body[field]
    if (typeof value === 'string' && [...value].length > limit)
      data[field] = [`The field ${field} must be a string with a maximum length of ${limit}.`]
  }
  const keywords = body.keywords
  if (Array.isArray(keywords) && keywords.length > MAX_KEYWORDS)
    data.keywords = [`The field keywords must have at most ${MAX_KEYWORDS} items.`]
  if (Object.keys(data).length > 0) throw badRequest('Request validation failed.', data)
}

/**
 * Property limits of the Partner Center form (Learn, "Configure Azure application offer
 * properties"): one or two categories with up to two subcategories each, up to two industries.
 * Enforcement by the API is not recorded [I]; refused like the emulator's other validation.
 */
function checkProperty(body: Json): void {
  const data: Record<string, string[]> = {}
  const leveled = body.leveledCategories
  if (leveled && typeof leveled === 'object') {
    const entries = Object.entries(leveled as Record<string, unknown>)
    if (entries.length > 2) data.leveledCategories = ['At most 2 categories are allowed.']
    for (const [category, subcategories] of entries) {
      if (Array.isArray(subcategories) && subcategories.length > 2)
        data[`leveledCategories.${category}`] = ['At most 2 subcategories are allowed.']
    }
  }
  if (Array.isArray(body.industries) && body.industries.length > 2)
    data.industries = ['At most 2 industries are allowed.']
  if (Object.keys(data).length > 0) throw badRequest('Request validation failed.', data)
}

/**
 * A submission freezes the draft instances it names (the reference's object model: "freeze a
 * set of draft instance ids"; how the service then edits is [I]). Editing one of them moves the
 * module's current draft to a new instance, and the frozen instance keeps what was submitted
 * (its copies carry no variantID, so they are reached only by instance id). So a submission's
 * instance ids tell whether a module changed since it was made.
 */
function thawDraft(offer: Offer, draft: DraftResource): void {
  const frozen = draft.instanceID.toLowerCase()
  const submitted = offer.submissions.some((submission) =>
    [
      ...submission.resources,
      ...submission.variantResources.flatMap((entry) => entry.resources)
    ].some((resource) => resource.value.toLowerCase() === frozen)
  )
  if (!submitted) return
  const fresh = newGuid()
  for (const current of [...offer.drafts.values()]) {
    if (current.instanceID.toLowerCase() !== frozen) continue
    const copyId = newGuid()
    offer.drafts.set(copyId, {
      collection: current.collection,
      instanceID: current.instanceID,
      body: { ...current.body, id: copyId }
    })
    current.instanceID = fresh
  }
  for (const branch of offer.branches)
    if (branch.currentDraftInstanceID.toLowerCase() === frozen)
      branch.currentDraftInstanceID = fresh
}

export const draftRoutes: Route[] = COLLECTIONS.flatMap(({ path, collection, tables }) => [
  {
    method: 'GET',
    pattern: `products/:pid/${path}/getByInstanceID(instanceID=:instanceId)`,
    handle(ctx: IngestionContext) {
      const offer = ctx.offer()
      const instance = ctx.params.instanceId.toLowerCase()
      ctx.list(
        [...offer.drafts.values()]
          .filter((d) => d.collection === collection && d.instanceID.toLowerCase() === instance)
          .map((d) => d.body)
      )
    }
  },
  {
    method: 'GET',
    pattern: `products/:pid/${path}/:id`,
    handle(ctx: IngestionContext) {
      ctx.entity(findDraft(ctx.offer(), collection, ctx.params.id).body)
    }
  },
  {
    method: 'PUT',
    pattern: `products/:pid/${path}/:id`,
    handle(ctx: IngestionContext) {
      const offer = ctx.offer()
      const draft = findDraft(offer, collection, ctx.params.id)
      ctx.checkIfMatch(draft.body, true)
      const parsed = parseRequestBody(ctx.request.body)
      // The table of the resourceType sent; an unknown one fails the first table's enum check.
      const table =
        tables.find((t) =>
          t.resourceTypes.some(
            (type) => type.toLowerCase() === declaredResourceType(parsed).toLowerCase()
          )
        ) ?? tables[0]
      const body = validate(parsed, table)
      if (collection === 'packageconfigurations') checkPackageConfiguration(ctx, offer, draft, body)
      if (collection === 'listings') checkListing(body)
      if (collection === 'properties') checkProperty(body)
      thawDraft(offer, draft)
      // PUT replaces the whole resource (§5.5); only languageCode survives when left out.
      const replacement: Json = { ...body }
      if (draft.body.languageCode !== undefined && replacement.languageCode === undefined)
        replacement.languageCode = draft.body.languageCode
      draft.body = ctx.deps.store.entities.stamp(replacement, String(draft.body.id))
      ctx.entity(draft.body)
    }
  }
])
