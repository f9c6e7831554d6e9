import type { IngestionContext } from './context.js'
import { badRequest, conflict, notFound } from './errors.js'
import type { Json, Offer } from './model.js'
import type { Route } from './router.js'
import { REQUEST_TABLES, validateBody } from './validation.js'

/** Plans (§5.4); creating one creates its plan-level branches at once. */
export const variantRoutes: Route[] = [
  {
    method: 'GET',
    pattern: 'products/:pid/variants',
    handle(ctx: IngestionContext) {
      ctx.list(ctx.offer().variants)
    }
  },
  {
    method: 'GET',
    pattern: 'products/:pid/variants/:vid',
    handle(ctx: IngestionContext) {
      ctx.entity(findVariant(ctx.offer(), ctx.params.vid))
    }
  },
  {
    method: 'POST',
    pattern: 'products/:pid/variants',
    handle(ctx: IngestionContext) {
      const offer = ctx.offer()
      const body = validateBody(ctx.request.body, REQUEST_TABLES.variant)
      if (body.resourceType === 'AzureSkuVariant') {
        if (!body.externalID)
          throw badRequest('Request validation failed.', {
            externalID: ['The externalID field is required.']
          })
        if (
          offer.variants.some(
            (v) => String(v.externalID).toLowerCase() === String(body.externalID).toLowerCase()
          )
        ) {
          throw conflict('A plan with this plan id already exists.', {
            externalID: [String(body.externalID)]
          })
        }
      }
      const variant = ctx.deps.store.createVariant(offer, body)
      ctx.created(variant, `products/${String(offer.product.id)}/variants/${String(variant.id)}`)
    }
  },
  {
    method: 'DELETE',
    pattern: 'products/:pid/variants/:vid',
    handle(ctx: IngestionContext) {
      if (
        !ctx.deps.store.deleteVariant(
          ctx.offer(),
          findVariant(ctx.offer(), ctx.params.vid).id as string
        )
      )
        throw notFound()
      ctx.noContent()
    }
  }
]

function findVariant(offer: Offer, id: string): Json {
  const variant = offer.variants.find((v) => String(v.id).toLowerCase() === id.toLowerCase())
  if (!variant) throw notFound()
  return variant
}
