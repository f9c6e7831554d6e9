import type { IngestionContext } from './context.js'
import { badRequest } from './errors.js'
import type { Branch } from './model.js'
import type { Route } from './router.js'

/** The modules getByModule knows (§5.3); Cosell and SupplementalContent have no drafts here. */
const KNOWN_MODULES = [
  'Listing',
  'Property',
  'Package',
  'Availability',
  'ResellerConfiguration',
  'Cosell',
  'SupplementalContent'
]

export const branchRoutes: Route[] = [
  {
    method: 'GET',
    pattern: 'products/:pid/branches/getByModule(module=:module)',
    handle(ctx: IngestionContext) {
      const offer = ctx.offer()
      const module = KNOWN_MODULES.find((m) => m.toLowerCase() === ctx.params.module.toLowerCase())
      if (!module)
        throw badRequest('Request validation failed.', {
          module: [`The field module is invalid (value '${ctx.params.module}').`]
        })
      ctx.list(
        offer.branches
          .filter((b) => b.module === module)
          .filter((b) => !hiddenThisRead(b, !ctx.query.get('$skipToken')))
          .map((b) => ({
            resourceType: 'Branch',
            friendlyName: 'Main',
            type: 'Main',
            module: b.module,
            currentDraftInstanceID: b.currentDraftInstanceID,
            ...(b.variantID ? { variantID: b.variantID } : {})
          }))
      )
    }
  }
]

/**
 * A new plan's branch not shown yet (§9.12). Each read (its first page) counts down the hidden
 * reads; the later pages of a read answer as its first page did.
 */
function hiddenThisRead(branch: Branch, firstPage: boolean): boolean {
  if (firstPage) {
    branch.hiddenNow = Boolean(branch.hiddenReads)
    if (branch.hiddenReads) branch.hiddenReads -= 1
  }
  return branch.hiddenNow === true
}
