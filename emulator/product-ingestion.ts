import type { IncomingMessage, ServerResponse } from 'node:http'
import { header, sendJson } from './http-util.js'
import { offerIdOf } from './ingestion/model.js'
import type { OfferStore } from './ingestion/offers.js'

/** The audience a Product Ingestion token must carry (product-ingestion-api.md §1.1). */
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com'
const BASE = /^\/rp\/product-ingestion\//i

/** The Graph error envelope (product-ingestion-api.md §2.5). */
function graphError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message, details: [] } })
}

/**
 * The one Product Ingestion call clients make for Azure Applications: the product lookup by
 * offer ID, `GET /rp/product-ingestion/product?externalId=…&$version=…` (§2.2 there; reference
 * §9.18). Answers `{"value":[{"id":"product/<guid>",…}]}` with the v1 product GUID, or an empty
 * `value`. Needs a token for https://graph.microsoft.com: the Partner Center token gets 401 here
 * (and the Graph token 401 on the ingestion API), as §1.2 there says of the wrong audience.
 */
export class ProductIngestionRoutes {
  constructor(
    private readonly store: OfferStore,
    private readonly isValidToken: (token: string, audience: string) => boolean
  ) {}

  /** True when the path is this API's. */
  static matches(pathname: string): boolean {
    return BASE.test(pathname)
  }

  handle(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    query: URLSearchParams
  ): void {
    const token = /^Bearer (.+)$/i.exec(header(req, 'authorization') ?? '')?.[1]
    if (!token || !this.isValidToken(token, GRAPH_AUDIENCE)) {
      return graphError(
        res,
        401,
        'unauthorized',
        'The access token is missing, invalid or expired.'
      )
    }
    const relative = pathname.replace(BASE, '').replace(/\/+$/, '')
    if (!/^product$/i.test(relative)) {
      return graphError(res, 404, 'notFound', 'The requested resource was not found.')
    }
    if ((req.method ?? 'GET').toUpperCase() !== 'GET') {
      return graphError(res, 405, 'methodNotAllowed', 'The method is not allowed.')
    }
    // Spelled externalId and externalID in the sources: accept any casing (§2.2 there). An
    // absent $version is accepted: the service seems to default it (§2.1 there, [I]).
    const externalId = [...query.entries()].find(
      ([name]) => name.toLowerCase() === 'externalid'
    )?.[1]
    if (!externalId) {
      return graphError(res, 400, 'badRequest', 'The externalId query parameter is required. [I]')
    }
    const offer = this.store.byOfferId(externalId)
    const value = offer
      ? [
          {
            $schema: 'https://schema.mp.microsoft.com/schema/product/2022-03-01-preview2',
            id: `product/${String(offer.product.id)}`,
            identity: { externalId: offerIdOf(offer) },
            type: 'azureApplication',
            alias: offer.product.name
          }
        ]
      : []
    sendJson(res, 200, { value })
  }
}
