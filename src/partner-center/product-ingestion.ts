import { randomUUID } from 'node:crypto'
import type { HttpResponse, HttpTransport } from '../http/types.js'
import { urlPath } from '../http/url-path.js'
import type { Logger } from '../logging.js'
import { parseJsonBody } from '../boundary/responses.js'
import { PartnerCenterError } from './errors.js'
import { sameText } from './normalize.js'
import { naming } from '../naming.js'

export interface ProductIngestionClientOptions {
  /** The Graph origin, e.g. https://graph.microsoft.com or the emulator's URL. */
  baseUrl: string
  transport: HttpTransport
  /** A token for https://graph.microsoft.com (not the Partner Center one). */
  getToken: (options?: { forceRefresh?: boolean }) => Promise<string>
  logger: Logger
  signal?: AbortSignal
}

/** The `$version` the product lookup is made with (product-ingestion-api.md §2.1: 2022-07-01). */
const LOOKUP_VERSION = '2022-07-01'
/** `value[0].id` is `product/<guid>`; the GUID is the v1 product id (reference §9.18). */
const DURABLE_PRODUCT_ID =
  /^product\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i

interface LookupProduct {
  id?: unknown
  identity?: { externalId?: unknown; externalID?: unknown }
}

/**
 * The one Product Ingestion (Graph) call this action needs: the product GUID of an offer ID,
 * for offers the ingestion API's listing omits since the April 2026 migration (reference
 * §9.18). The Product Ingestion API does not publish Azure Applications (product-ingestion-api.md
 * §0.1); only the lookup is used, and the offer is then read and written through the v1 API.
 */
export class ProductIngestionClient {
  private readonly root: string

  constructor(private readonly options: ProductIngestionClientOptions) {
    this.root = `${options.baseUrl.replace(/\/+$/, '')}/rp/product-ingestion`
  }

  /**
   * `GET product?externalId={offerId}&$version=2022-07-01` → the product GUID (lower case), or
   * undefined when no product carries the offer ID. An answer whose id is not `product/<guid>`
   * is refused (it would go into URL paths). Throws PartnerCenterError on a non-2xx answer.
   */
  async findProductId(offerId: string): Promise<string | undefined> {
    const url = `${this.root}/product?${new URLSearchParams({ externalId: offerId, $version: LOOKUP_VERSION }).toString()}`
    let response = await this.send(url, false)
    if (response.status === 401) {
      this.options.logger.info(`GET ${urlPath(url)}: 401, signing in again and retrying once`)
      response = await this.send(url, true)
    }
    this.options.logger.debug(`GET ${urlPath(url)}: ${response.status}`)
    if (response.status < 200 || response.status >= 300) {
      throw new PartnerCenterError({ method: 'GET', url }, response, 'findProductByExternalId')
    }
    const answer = parseJsonBody(response.body, { method: 'GET', url }, 'Product Ingestion API')
    // The server-side filter is checked again here, as for the v1 listing. The answer is read
    // as hostile: a `value` that is not a list, or items that are not objects, match nothing.
    const matches = productsOf(answer).filter((product) => {
      const external = product.identity?.externalId ?? product.identity?.externalID
      return typeof external !== 'string' || sameText(external, offerId)
    })
    if (matches.length === 0) return undefined
    const durable = String(matches[0].id ?? '')
    const guid = DURABLE_PRODUCT_ID.exec(durable)?.[1]
    if (!guid) {
      throw new Error(
        `The Product Ingestion API named the offer "${offerId}" with an id that is not product/<GUID>; ` +
          `set ${naming().theInput('product-id')} to the GUID in the offer's Partner Center URL.`
      )
    }
    return guid.toLowerCase()
  }

  private async send(url: string, forceRefresh: boolean): Promise<HttpResponse> {
    const token = await this.options.getToken(forceRefresh ? { forceRefresh } : undefined)
    return this.options.transport.send(
      {
        method: 'GET',
        url,
        headers: {
          Accept: 'application/json',
          'Client-Request-ID': randomUUID(),
          Authorization: `Bearer ${token}`
        },
        idempotent: true
      },
      this.options.signal
    )
  }
}

/** The objects of the answer's `value` list; none when the answer has another shape. */
function productsOf(answer: unknown): LookupProduct[] {
  const value = (answer as { value?: unknown } | null)?.value
  if (!Array.isArray(value)) return []
  return value.filter((item): item is LookupProduct => typeof item === 'object' && item !== null)
}
