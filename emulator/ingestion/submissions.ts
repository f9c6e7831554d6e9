import { newSubmissionId } from '../ids.js'
import type { ValidationItem } from '../types.js'
import type { IngestionContext } from './context.js'
import { badRequest, conflict, IngestionError, notFound } from './errors.js'
import { derivedEtag, milestones, submissionStatus, workflowDetails } from './lifecycle.js'
import type { Branch, Json, Offer, SubmissionRecord } from './model.js'
import type { Route } from './router.js'
import { REQUEST_TABLES, validateBody } from './validation.js'

type TypeValue = { type: string; value: string }

const NOT_PUBLISHED = '1601-01-01T00:00:00Z' // sentinel of publishedTimeInUtc (§5.13)
const NO_RELEASE_TIME = '0001-01-01T00:00:00' // sentinel of publishOption.releaseTimeInUtc

const RESELLER_MISSING: ValidationItem = {
  errorCode: 'Resell-20007',
  severity: 'Error',
  message: 'ResellerConfiguration module is missing..',
  resource: 'Resell'
}

function findSubmission(offer: Offer, id: string): SubmissionRecord {
  const submission = offer.submissions.find((s) => s.id === id)
  if (!submission) throw notFound()
  return submission
}

function submissionView(ctx: IngestionContext, sub: SubmissionRecord): Json {
  const status = submissionStatus(sub, ctx.nowMs, ctx.deps.timings)
  return {
    resourceType: 'Submission',
    state: status.state,
    substate: status.substate,
    targets: sub.targets,
    resources: sub.resources,
    variantResources: sub.variantResources,
    publishOption: sub.publishOption,
    publishedTimeInUtc: status.state === 'Published' ? publishedTime(ctx, sub) : NOT_PUBLISHED,
    pendingUpdateInfo: status.pendingUpdateInfo,
    releaseNumber: sub.releaseNumber,
    friendlyName: `Submission ${sub.releaseNumber}`,
    areResourcesReady: true,
    '@odata.etag': derivedEtag(
      sub.id,
      status.state,
      status.substate,
      status.pendingUpdateInfo.updateType
    ),
    id: sub.id
  }
}

function publishedTime(ctx: IngestionContext, sub: SubmissionRecord): string {
  const at = sub.pinned ? sub.createdAtMs : milestones(sub, ctx.deps.timings).previewReady
  return new Date(at).toISOString()
}

/** True while a submission blocks a new one: InProgress and not Failed (§6.3). */
const blocksNewSubmission = (ctx: IngestionContext, sub: SubmissionRecord): boolean => {
  const status = submissionStatus(sub, ctx.nowMs, ctx.deps.timings)
  return status.state === 'InProgress' && status.substate !== 'Failed'
}

/** Every resource value must be the current draft instance id of its module at that level. */
function checkResources(resources: TypeValue[], branches: Branch[], prefix: string): void {
  resources.forEach((resource, i) => {
    const ok = branches.some(
      (b) =>
        b.module === resource.type &&
        b.currentDraftInstanceID.toLowerCase() === resource.value.toLowerCase()
    )
    if (!ok) {
      throw badRequest('Request validation failed.', {
        [`${prefix}[${i}].value`]: [
          `'${resource.value}' is not the current draft instance of module ${resource.type}.`
        ]
      })
    }
  })
}

/** Creates a submission from the current drafts; used by POST /submissions and by scenarios. */
export function createSubmission(nowMs: number, offer: Offer, body: Json): SubmissionRecord {
  const resources = body.resources as TypeValue[]
  const variantResources =
    (body.variantResources as { variantID: string; resources: TypeValue[] }[] | undefined) ?? []
  checkResources(
    resources,
    offer.branches.filter((b) => !b.variantID),
    'resources'
  )
  variantResources.forEach((entry, i) => {
    const variant = offer.variants.find(
      (v) => String(v.id).toLowerCase() === entry.variantID.toLowerCase()
    )
    if (!variant)
      throw badRequest('Request validation failed.', {
        [`variantResources[${i}].variantID`]: [`Unknown variant '${entry.variantID}'.`]
      })
    checkResources(
      entry.resources,
      offer.branches.filter((b) => b.variantID === variant.id),
      `variantResources[${i}].resources`
    )
  })
  const planVersions: Record<string, string> = {}
  for (const entry of variantResources) {
    const draftId = entry.resources.find((r) => r.type === 'Package')?.value
    const config = [...offer.drafts.values()].find(
      (d) => d.instanceID === draftId && d.collection === 'packageconfigurations'
    )
    if (config && typeof config.body.version === 'string')
      planVersions[String(entry.variantID)] = config.body.version
  }
  // A failed submission is not an HTTP error (§9.7): it is accepted and fails in validation.
  const hasReseller = resources.some((r) => r.type === 'ResellerConfiguration')
  const failure = offer.failNextSubmission ?? (hasReseller ? undefined : [RESELLER_MISSING])
  offer.failNextSubmission = undefined
  const option = (body.publishOption as Json | undefined) ?? {}
  const record: SubmissionRecord = {
    id: newSubmissionId(),
    createdAtMs: nowMs,
    releaseNumber: Math.max(0, ...offer.submissions.map((s) => s.releaseNumber)) + 1,
    targets: (body.targets as TypeValue[]).map((t) => ({ type: t.type, value: t.value })),
    resources,
    variantResources,
    publishOption: {
      releaseTimeInUtc: option.releaseTimeInUtc ?? NO_RELEASE_TIME,
      isManualPublish: option.isManualPublish ?? false,
      isAutoPromote: option.isAutoPromote ?? false,
      ...(option.certificationNotes !== undefined
        ? { certificationNotes: option.certificationNotes }
        : {})
    },
    failure,
    planVersions
  }
  offer.submissions.push(record)
  return record
}

const FILTER_CLAUSE = /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/i

/** `$filter` on state, substate and target (`eq`, joined with `and`), as S2 describes. */
function submissionFilter(filter: string | null): (view: Json) => boolean {
  if (!filter) return () => true
  const clauses = filter.split(/\s+and\s+/i).map((clause) => {
    const match = FILTER_CLAUSE.exec(clause)
    const field = match?.[1].toLowerCase()
    if (!match || !['state', 'substate', 'targets', 'target'].includes(field!)) {
      throw badRequest('Request validation failed.', {
        $filter: [`The filter '${filter}' is not supported.`]
      })
    }
    const wanted = match[2].toLowerCase()
    return (view: Json) =>
      field!.startsWith('target')
        ? (view.targets as TypeValue[]).some((t) => t.value.toLowerCase() === wanted)
        : String(view[field === 'state' ? 'state' : 'substate']).toLowerCase() === wanted
  })
  return (view) => clauses.every((c) => c(view))
}

const LISTED_STATES = new Set(['InProgress', 'Published'])

const base = (offer: Offer): string => `products/${String(offer.product.id)}/submissions`

export const submissionRoutes: Route[] = [
  {
    method: 'GET',
    pattern: 'products/:pid/submissions',
    handle(ctx: IngestionContext) {
      const matches = submissionFilter(ctx.query.get('$filter'))
      ctx.list(
        ctx
          .offer()
          .submissions.map((s) => submissionView(ctx, s))
          // "Returns in-progress and published submissions" (§5.13): archived history is not listed.
          .filter((view) => LISTED_STATES.has(String(view.state)) && matches(view))
      )
    }
  },
  {
    method: 'POST',
    pattern: 'products/:pid/submissions',
    handle(ctx: IngestionContext) {
      const offer = ctx.offer()
      const body = validateBody(ctx.request.body, REQUEST_TABLES.submission)
      // A submission someone else makes just before this one arrives (§9.21; scenario.ts).
      const late = offer.beforeNextSubmissionCreate
      offer.beforeNextSubmissionCreate = undefined
      late?.()
      const running = offer.submissions.find((s) => blocksNewSubmission(ctx, s))
      if (running)
        throw conflict('An in-progress submission already exists for this product.', {
          submission: [running.id]
        })
      const record = createSubmission(ctx.nowMs, offer, body)
      ctx.created(submissionView(ctx, record), `${base(offer)}/${record.id}`)
    }
  },
  {
    method: 'GET',
    pattern: 'products/:pid/submissions/:sid',
    handle(ctx: IngestionContext) {
      ctx.entity(submissionView(ctx, findSubmission(ctx.offer(), ctx.params.sid)))
    }
  },
  {
    method: 'DELETE',
    pattern: 'products/:pid/submissions/:sid',
    handle(ctx: IngestionContext) {
      const offer = ctx.offer()
      const sub = findSubmission(offer, ctx.params.sid)
      if (submissionStatus(sub, ctx.nowMs, ctx.deps.timings).state !== 'InProgress') {
        throw badRequest('Only inprogress Submission can be deleted.', { submissionID: [sub.id] })
      }
      offer.submissions.splice(offer.submissions.indexOf(sub), 1)
      ctx.noContent()
    }
  },
  {
    method: 'POST',
    pattern: 'products/:pid/submissions/:sid/promote',
    handle(ctx: IngestionContext) {
      const sub = findSubmission(ctx.offer(), ctx.params.sid)
      const status = submissionStatus(sub, ctx.nowMs, ctx.deps.timings)
      if (status.substate !== 'ReadyToPublish') {
        // Still running: a conflict; finished in any other way: a bad request ([I], §10).
        throw status.pendingUpdateInfo.status === 'Running'
          ? conflict('The submission is not ready to be promoted.', { substate: [status.substate] })
          : new IngestionError(
              400,
              'Unable to complete request',
              'Only a submission in ReadyToPublish can be promoted.',
              { substate: [status.substate] }
            )
      }
      if (sub.pinned) sub.pinned = { state: 'Published', substate: 'Publishing' }
      else sub.promotedAtMs = ctx.nowMs
      ctx.json(200, workflowDetails(sub, ctx.nowMs, ctx.deps.timings)[1])
    }
  },
  {
    method: 'GET',
    pattern: 'products/:pid/submissions/:sid/validations',
    handle(ctx: IngestionContext) {
      const sub = findSubmission(ctx.offer(), ctx.params.sid)
      const failed = submissionStatus(sub, ctx.nowMs, ctx.deps.timings).failed
      ctx.list(failed ? ((sub.failure ?? []) as unknown as Json[]) : [])
    }
  },
  {
    method: 'GET',
    pattern: 'products/:pid/submissions/:sid/workflowdetails',
    handle(ctx: IngestionContext) {
      ctx.list(
        workflowDetails(findSubmission(ctx.offer(), ctx.params.sid), ctx.nowMs, ctx.deps.timings)
      )
    }
  },
  {
    method: 'GET',
    pattern: 'products/:pid/submissions/:sid/reports',
    handle(ctx: IngestionContext) {
      findSubmission(ctx.offer(), ctx.params.sid)
      ctx.list([])
    }
  }
]
