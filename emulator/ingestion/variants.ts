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
        checkNewPlan(body)
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
      // Its drafts show in getByModule only after a few reads (§9.12).
      for (const branch of offer.branches)
        if (branch.variantID === variant.id)
          branch.hiddenReads = ctx.deps.newPlanBranches.hiddenReads
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

/**
 * A new plan's fields as Partner Center's create dialog takes them (Learn, "Create plans for an
 * Azure application offer"): a plan ID of up to 50 lower-case letters, digits, dashes and
 * underscores, and a plan name of up to 2,000 characters. Whether the API enforces the dialog's
 * limits, and with which words, is not recorded [I]: refused like the emulator's other
 * validation (400 ICH50400 naming the field, §3.8). The plan type (subType) is checked by the
 * request table: solution-template or managed-application, solution-template when left out (§5.4).
 */
function checkNewPlan(body: Json): void {
  const data: Record<string, string[]> = {}
  const externalID = body.externalID
  if (!externalID) data.externalID = ['The externalID field is required.']
  else if (!/^[a-z0-9_-]{1,50}$/.test(String(externalID)))
    data.externalID = [
      `The plan id '${String(externalID)}' must be 1 to 50 lowercase letters, digits, '-' or '_'.`
    ]
  const name = String(body.friendlyName ?? '')
  if (!name.trim()) data.friendlyName = ['The friendlyName field is required.']
  else if ([...name].length > 2000)
    data.friendlyName = ['The field friendlyName must be a string with a maximum length of 2000.']
  if (Object.keys(data).length > 0) throw badRequest('Request validation failed.', data)
}
