import type { IngestionContext } from './context.js'
import type { Route } from './router.js'
import { REQUEST_TABLES, validateBody } from './validation.js'

/** The CSP reseller configuration (§5.12): one per product, its draft id is {productId}-ResellerInstance. */
export const resellerRoutes: Route[] = [
  {
    method: 'GET',
    pattern: 'products/:pid/resellerConfiguration',
    handle(ctx: IngestionContext) {
      ctx.entity(ctx.offer().reseller)
    }
  },
  {
    method: 'POST',
    pattern: 'products/:pid/resellerConfiguration',
    handle(ctx: IngestionContext) {
      const offer = ctx.offer()
      const body = validateBody(ctx.request.body, REQUEST_TABLES.resellerConfiguration)
      offer.reseller = ctx.deps.store.entities.stamp(
        { ...body, tenantIds: body.tenantIds ?? [] },
        String(offer.reseller.id)
      )
      // POST answers 200, not 201 (§10).
      ctx.entity(offer.reseller)
    }
  }
]
