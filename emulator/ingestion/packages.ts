import type { IngestionContext, IngestionDeps } from './context.js'
import { badRequest, notFound } from './errors.js'
import { derivedEtag, packageState } from './lifecycle.js'
import type { Json, Offer, PackageRecord } from './model.js'
import type { Route } from './router.js'
import { REQUEST_TABLES, validateBody } from './validation.js'
import type { StoredBlob } from '../blob-store.js'
import { listZipEntries } from '../zip-inspect.js'
import type { ValidationItem } from '../types.js'

const SAS_LIFETIME_MS = 24 * 3600 * 1000 // about 24 h, as recorded (§5.6)
const REQUIRED_ROOT_FILES = ['mainTemplate.json', 'createUiDefinition.json']

function findPackage(offer: Offer, id: string): PackageRecord {
  const entry = [...offer.packages.entries()].find(
    ([key]) => key.toLowerCase() === id.toLowerCase()
  )
  if (!entry) throw notFound()
  return entry[1]
}

/** A SAS URL on the emulator's /blob/ route, shaped like the 2026 Front Door URLs (§5.10). */
export function packageSasUrl(
  deps: Pick<IngestionDeps, 'baseUrl' | 'sas'>,
  blobPath: string,
  permissions: string,
  nowMs: number
): string {
  const encoded = blobPath.split('/').map(encodeURIComponent).join('/')
  const expires = new Date(nowMs + SAS_LIFETIME_MS)
  return `${deps.baseUrl()}${encoded}?${deps.sas.query(blobPath, permissions, expires)}`
}

const sasUrl = (ctx: IngestionContext, blobPath: string, permissions: string): string =>
  packageSasUrl(ctx.deps, blobPath, permissions, ctx.nowMs)

/** The package as the API shows it now: state from the clock, validation items once failed. */
export function packageView(ctx: IngestionContext, record: PackageRecord): Json {
  const state = packageState(record, ctx.nowMs, ctx.deps.timings)
  const { '@odata.etag': etag, id, ...rest } = record.body
  return {
    ...rest,
    state,
    ...(state === 'ProcessFailed' ? { validationItems: record.failure } : {}),
    '@odata.etag': state === record.body.state ? etag : derivedEtag(String(etag), state),
    id
  }
}

const item = (message: string): ValidationItem => ({
  errorCode: 'InvalidPackage',
  severity: 'Error',
  message,
  resource: 'Package'
})

/** What processing will conclude about the uploaded zip: the real check of its root files. */
function inspectUpload(blob: StoredBlob): ValidationItem[] | undefined {
  const entries = listZipEntries(blob)
  if (!entries) return [item('The package is not a valid zip file.')]
  const rootFiles = entries.filter((e) => !e.includes('/')).map((e) => e.toLowerCase())
  const missing = REQUIRED_ROOT_FILES.filter((f) => !rootFiles.includes(f.toLowerCase()))
  return missing.length > 0
    ? missing.map((f) => item(`The package must contain ${f} at the root of the zip file.`))
    : undefined
}

export const packageRoutes: Route[] = [
  {
    method: 'POST',
    pattern: 'products/:pid/packages',
    handle(ctx: IngestionContext) {
      const offer = ctx.offer()
      const body = validateBody(ctx.request.body, REQUEST_TABLES.package)
      const id = ctx.deps.store.entities.newId()
      const fileName = String(body.fileName)
      const blobPath = `/blob/${String(offer.product.id)}/pkgfile-${id}/${fileName}`
      const record: PackageRecord = {
        blobPath,
        body: ctx.deps.store.entities.stamp(
          {
            resourceType: body.resourceType,
            fileName,
            fileSasUri: sasUrl(ctx, blobPath, 'rwl'),
            state: 'PendingUpload'
          },
          id
        )
      }
      offer.packages.set(id, record)
      ctx.created(packageView(ctx, record), `products/${String(offer.product.id)}/packages/${id}`)
    }
  },
  {
    method: 'GET',
    pattern: 'products/:pid/packages',
    handle(ctx: IngestionContext) {
      ctx.list([...ctx.offer().packages.values()].map((r) => packageView(ctx, r)))
    }
  },
  {
    method: 'GET',
    pattern: 'products/:pid/packages/:id',
    handle(ctx: IngestionContext) {
      ctx.entity(packageView(ctx, findPackage(ctx.offer(), ctx.params.id)))
    }
  },
  {
    method: 'PUT',
    pattern: 'products/:pid/packages/:id',
    handle(ctx: IngestionContext) {
      const offer = ctx.offer()
      const record = findPackage(offer, ctx.params.id)
      // No If-Match in the swagger and clients send none (§5.10); a stale one still fails.
      ctx.checkIfMatch(packageView(ctx, record), false)
      const body = validateBody(ctx.request.body, REQUEST_TABLES.package)
      const current = packageState(record, ctx.nowMs, ctx.deps.timings)
      if (body.state === 'Uploaded' && current === 'PendingUpload') {
        const blob = ctx.deps.blobs.get(record.blobPath)
        if (!blob)
          throw badRequest('Request validation failed.', {
            state: ['The package file has not been uploaded to fileSasUri.']
          })
        record.failure = offer.failNextPackage ?? inspectUpload(blob)
        offer.failNextPackage = undefined
        record.uploadedAtMs = ctx.nowMs
        record.body = ctx.deps.store.entities.stamp(
          { ...record.body, state: 'Uploaded', fileSasUri: sasUrl(ctx, record.blobPath, 'rl') },
          String(record.body.id)
        )
      } else if (body.state === 'Uploaded' && record.uploadedAtMs !== undefined) {
        // A repeated "Uploaded" (a client retrying its PUT) changes nothing.
      } else if (body.state !== undefined && body.state !== current) {
        throw badRequest('Request validation failed.', {
          state: [`The state cannot change from ${current} to ${String(body.state)}.`]
        })
      }
      ctx.entity(packageView(ctx, record))
    }
  },
  {
    method: 'DELETE',
    pattern: 'products/:pid/packages/:id',
    handle(ctx: IngestionContext) {
      const offer = ctx.offer()
      findPackage(offer, ctx.params.id)
      for (const key of offer.packages.keys())
        if (key.toLowerCase() === ctx.params.id.toLowerCase()) offer.packages.delete(key)
      ctx.noContent()
    }
  }
]
