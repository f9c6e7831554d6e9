import { GUID } from '../../boundary/ids.js'
import { HttpError } from '../../http/errors.js'
import { sameText } from '../../partner-center/normalize.js'
import type { Product } from '../../partner-center/types.js'
import type { EngineContext, Services } from '../context.js'
import { RequestError } from '../run-request.js'
import { input, naming } from '../../naming.js'

/**
 * Finds the offer however Partner Center shows it, and records it in the run (outputs name it
 * even when a later step fails). In order:
 * 1. the product GUID, when given (`product-id` input or `productId` in the manifest; an offer ID
 *    that is a GUID counts too): read directly, no lookup;
 * 2. the filtered v1 product listing by offer ID (an unfiltered one fails, §9.2);
 * 3. the Product Ingestion lookup by offer ID, for offers the April 2026 migration dropped from
 *    the listing (§9.18).
 * Reads only; records the offer in the result. Throws RequestError when the offer is found nowhere (naming where it looked), is
 * found twice, or is not an Azure Application.
 */
export async function findOffer(context: EngineContext): Promise<Product> {
  const { request } = context
  const { offerId } = request
  const productId = request.productId ?? (GUID.test(offerId) ? offerId.toLowerCase() : undefined)
  const product = productId
    ? await readByGuid(context, productId, offerId)
    : await lookUp(context, offerId)
  context.recorder.offer(product)
  if (!sameText(product.resourceType, 'AzureApplication')) {
    throw new RequestError(
      `The offer "${offerId}" is a ${product.resourceType} offer. This action publishes Azure ` +
        `Application offers (solution templates and managed applications) only.`
    )
  }
  return product
}

async function readByGuid(
  services: Pick<Services, 'client' | 'logger'>,
  productId: string,
  offerId: string
): Promise<Product> {
  const product = await readProductOf(services.client, productId, offerId)
  services.logger.info(
    `Offer ${offerId} is product ${product.id} (${input('product-id')} given: not looked up)`
  )
  return product
}

async function lookUp(
  services: Pick<Services, 'client' | 'productIngestion' | 'logger'>,
  offerId: string
): Promise<Product> {
  const { client, productIngestion, logger } = services
  const listed = await client.findProductsByOfferId(offerId)
  if (listed.length > 1) {
    throw new RequestError(
      `${listed.length} products carry the offer ID "${offerId}" (${listed.map((p) => p.id).join(', ')}); ` +
        `Partner Center should have one. Set ${input('product-id')} to the one to publish, and ask Partner Center support.`
    )
  }
  if (listed.length === 1) {
    logger.info(`Offer ${offerId} is product ${listed[0].id}`)
    return listed[0]
  }
  const looked = ['the ingestion API product listing (filtered by offer ID)']
  if (productIngestion) {
    logger.info(
      `Offer ${offerId} is not in the product listing; asking the Product Ingestion API (offers migrated in 2026 are missing from the listing)`
    )
    looked.push('the Product Ingestion API lookup by offer ID')
    const found = await productIngestion.findProductId(offerId).catch((error: unknown) => {
      // Refused: still say where the action looked and how to get round it.
      if (!(error instanceof HttpError)) throw error
      looked[1] += ` (which failed: ${error.message})`
      return undefined
    })
    if (found) {
      logger.info(`Offer ${offerId} is product ${found} (found through the Product Ingestion API)`)
      // Another server's answer: the product it names must be this offer.
      return readProductOf(client, found, offerId)
    }
  }
  const known = await client.listProductsOfType('AzureApplication').catch(() => undefined)
  const list = known?.length
    ? ` Azure Application offers in this account: ${known.map(offerIdOf).join(', ')}.`
    : ''
  throw new RequestError(
    `No offer with the offer ID "${offerId}" was found. Looked in ${looked.join(' and in ')}.${list} ` +
      'Since the April 2026 migration, Partner Center leaves migrated offers out of the product ' +
      `listing. Check the offer ID (not its alias), or set ${naming().theInput('product-id')} (or productId in ` +
      "the manifest) to the offer's product GUID, the one in its Partner Center URL " +
      '(https://partner.microsoft.com/dashboard/commercial-marketplace/offers/<GUID>/overview).'
  )
}

/**
 * Reads a product by GUID and checks that it is the offer named `offerId`: a product of another
 * offer is a mistake (a wrong product-id) or a server's wrong answer, never published to.
 * @throws RequestError naming the product, its offer and the one asked for.
 */
async function readProductOf(
  client: Services['client'],
  productId: string,
  offerId: string
): Promise<Product> {
  const product = await client.getProduct(productId)
  const named = product.externalIDs?.find((id) => sameText(id.type, 'AzureOfferId'))?.value
  if (named && !GUID.test(offerId) && !sameText(named, offerId)) {
    throw new RequestError(
      `Product ${productId} is the offer "${named}", not "${offerId}". Fix ${input('product-id')} or the offer ID.`
    )
  }
  return product
}

/** The offer ID of a product (its AzureOfferId), else its name or id, for messages. */
function offerIdOf(product: Product): string {
  return (
    product.externalIDs?.find((id) => sameText(id.type, 'AzureOfferId'))?.value ??
    product.name ??
    product.id
  )
}
