import { badRequest, conflict } from './errors.js'
import type { IngestionContext } from './context.js'
import type { Offer } from './model.js'
import type { Route } from './router.js'
import { REQUEST_TABLES, validateBody } from './validation.js'

const EXTERNAL_ID_FILTER =
  /externalIDs\/any\(\s*(\w+)\s*:\s*\1\/type\s+eq\s+'([^']*)'\s+and\s+\1\/value\s+eq\s+'([^']*)'\s*\)/i
const RESOURCE_TYPE_FILTER = /resourceType\s+eq\s+'([^']*)'/gi

/**
 * The product filters clients use (§5.1): by external id (any casing of the property names) and
 * by resourceType (several joined with `or`). An unfiltered list answers the 2026 production
 * error (ProductTypeFilter, §9.2), so clients that forget the filter fail here too.
 */
function productFilter(filter: string | null): (offer: Offer) => boolean {
  if (!filter) {
    throw badRequest('Request validation failed.', {
      'ProductTypeFilter[0]': ["The field is invalid (value 'Application')."]
    })
  }
  const external = EXTERNAL_ID_FILTER.exec(filter)
  const types = [...filter.matchAll(RESOURCE_TYPE_FILTER)].map((m) => m[1].toLowerCase())
  if (!external && types.length === 0)
    throw badRequest('Request validation failed.', {
      $filter: [`The filter '${filter}' is not supported.`]
    })
  return (offer) => {
    const ids = (offer.product.externalIDs as { type: string; value: string }[]) ?? []
    const externalOk =
      !external ||
      ids.some(
        (i) =>
          i.type.toLowerCase() === external[2].toLowerCase() &&
          i.value.toLowerCase() === external[3].toLowerCase()
      )
    const typeOk =
      types.length === 0 || types.includes(String(offer.product.resourceType).toLowerCase())
    return externalOk && typeOk
  }
}

export const productRoutes: Route[] = [
  {
    method: 'GET',
    pattern: 'products',
    handle(ctx: IngestionContext) {
      const matches = productFilter(ctx.query.get('$filter'))
      // §9.18: migrated offers are missing from the listing, although they exist.
      const listed = ctx.deps.profile.listingOmitsOffers ? [] : [...ctx.deps.store.offers.values()]
      ctx.list(listed.filter(matches).map((o) => o.product))
    }
  },
  {
    method: 'POST',
    pattern: 'products',
    handle(ctx: IngestionContext) {
      const body = validateBody(ctx.request.body, REQUEST_TABLES.product)
      const offerId = (body.externalIDs as { type: string; value: string }[]).find(
        (i) => i.type === 'AzureOfferId'
      )?.value
      if (!offerId)
        throw badRequest('Request validation failed.', {
          externalIDs: ['An AzureOfferId external id is required.']
        })
      // Offer ids are unique per publisher; 409 is the swagger's conflict code [I].
      if (ctx.deps.store.byOfferId(offerId))
        throw conflict('An offer with this offer id already exists.', { externalIDs: [offerId] })
      const offer = ctx.deps.store.createProduct(body)
      ctx.created(offer.product, `products/${String(offer.product.id)}`)
    }
  },
  {
    method: 'GET',
    pattern: 'products/:pid',
    handle(ctx: IngestionContext) {
      ctx.entity(ctx.offer().product)
    }
  },
  {
    method: 'DELETE',
    pattern: 'products/:pid',
    handle(ctx: IngestionContext) {
      const offer = ctx.offer()
      ctx.deps.store.offers.delete(String(offer.product.id).toLowerCase())
      ctx.noContent()
    }
  }
]
