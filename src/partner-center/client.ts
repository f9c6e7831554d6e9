import { randomUUID } from 'node:crypto'
import type { HttpMethod, HttpResponse, HttpTransport } from '../http/types.js'
import { urlPath } from '../http/url-path.js'
import type { Logger } from '../logging.js'
import { pathSegment } from '../boundary/ids.js'
import { parseJsonBody } from '../boundary/responses.js'
import { requireOrigin } from '../boundary/urls.js'
import { maskSasUrl } from '../storage/sas.js'
import { PartnerCenterError, type PartnerCenterCall } from './errors.js'
import { normalizePropertyNames, sameText } from './normalize.js'
import { collectPages } from './paging.js'
import type {
  AzureListing,
  AzureProperty,
  FeatureAvailability,
  ProductAvailability,
  ListingImage,
  AzurePackage,
  Branch,
  KnownBranchModule,
  KnownProductType,
  OpenEnum,
  PackageConfiguration,
  Product,
  ResellerConfiguration,
  Submission,
  SubmissionCreationRequest,
  ValidationItem,
  Variant,
  NewVariant,
  WorkflowDetail
} from './types.js'

export interface PartnerCenterClientOptions {
  /** The API host without a path, e.g. https://api.partner.microsoft.com or the emulator's URL. */
  baseUrl: string
  transport: HttpTransport
  /** The token provider; `forceRefresh` asks for a new token even if the cached one looks valid. */
  getToken: (options?: { forceRefresh?: boolean }) => Promise<string>
  logger: Logger
  /**
   * The seller/publisher ID, sent as `x-ms-publisherId` on every call when set (reference §9.3,
   * §9.20: required by the service for a while in June 2026). Digits only, checked by the inputs.
   */
  publisherId?: string
  /** Cancels every call of this client. */
  signal?: AbortSignal
}

/** A response, with the call it answers (for messages that name the call). */
type CallResponse = HttpResponse & { request: { method: HttpMethod; url: string } }

/** Sees a list as its pages arrive: the items read so far, after each page (§3.7). */
export interface PageWatch<T> {
  onPage?: (items: T[]) => void
}

interface CallOptions {
  /** Which call this is: chooses the error hint with the status (errors.ts). */
  name: PartnerCenterCall
  body?: unknown
  idempotent: boolean
  headers?: Record<string, string>
  /** Cancels this call instead of the client's signal. */
  signal?: AbortSignal
  /** A page of a list: it goes ahead of queued calls (HttpRequest.ahead). */
  ahead?: boolean
}

/**
 * The Partner Center ingestion API v1.0 as the engine sees it: one method per API call (§5), no
 * workflow logic. The engine depends on this interface only; `PartnerCenterClient` implements it
 * over HTTP, and a test or a second API can stand in for it.
 */
export interface PartnerCenterApi {
  /** Products whose AzureOfferId is `offerId` (a filtered listing, §9.2). */
  findProductsByOfferId(offerId: string): Promise<Product[]>
  listProductsOfType(resourceType: OpenEnum<KnownProductType>): Promise<Product[]>
  getProduct(productId: string): Promise<Product>
  /** The plans (§5.4); `onPage` gets the plans read so far after each page. */
  listVariants(productId: string, options?: PageWatch<Variant>): Promise<Variant[]>
  /**
   * The module's branches; `until` stops reading pages once the branches read so far satisfy it
   * (the list has no filter, §5.3); `onPage` gets the branches read so far after each page.
   */
  listBranches(
    productId: string,
    module: OpenEnum<KnownBranchModule>,
    options?: { until?: (branches: Branch[]) => boolean } & PageWatch<Branch>
  ): Promise<Branch[]>
  createVariant(productId: string, request: NewVariant): Promise<Variant>
  createPackage(productId: string, request: { fileName: string }): Promise<AzurePackage>
  getPackage(productId: string, packageId: string): Promise<AzurePackage>
  /** Deletes a package (§5.10: 204). */
  /**
   * `signal` replaces the client's own for this call: a clean-up after the run was cancelled
   * (which aborts the client's signal) sends it with a deadline of its own.
   */
  deletePackage(productId: string, packageId: string, signal?: AbortSignal): Promise<void>
  /**
   * The product's packages (§5.10: no filter, no documented order). `maxPages` bounds the read
   * (a scan whose cost must not grow with the offer's history); without it every page is read.
   * `signal`, as for deletePackage, replaces the client's own (a cancelled run's clean-up).
   */
  listPackages(
    productId: string,
    options?: { maxPages?: number; signal?: AbortSignal }
  ): Promise<AzurePackage[]>
  markPackageUploaded(productId: string, pkg: AzurePackage): Promise<AzurePackage>
  listPackageConfigurations(
    productId: string,
    draftInstanceId: string
  ): Promise<PackageConfiguration[]>
  updatePackageConfiguration(
    productId: string,
    config: PackageConfiguration
  ): Promise<PackageConfiguration>
  listListings(productId: string, draftInstanceId: string): Promise<AzureListing[]>
  updateListing(productId: string, listing: AzureListing): Promise<AzureListing>
  listListingImages(
    productId: string,
    listingId: string,
    options?: { withFileSasUri?: boolean }
  ): Promise<ListingImage[]>
  createListingImage(
    productId: string,
    listingId: string,
    request: { fileName: string; type: string; order: number }
  ): Promise<ListingImage>
  getListingImage(productId: string, listingId: string, imageId: string): Promise<ListingImage>
  markListingImageUploaded(
    productId: string,
    listingId: string,
    image: ListingImage
  ): Promise<ListingImage>
  deleteListingImage(productId: string, listingId: string, imageId: string): Promise<void>
  listProperties(productId: string, draftInstanceId: string): Promise<AzureProperty[]>
  updateProperty(productId: string, property: AzureProperty): Promise<AzureProperty>
  listProductAvailabilities(
    productId: string,
    draftInstanceId: string
  ): Promise<ProductAvailability[]>
  updateProductAvailability(
    productId: string,
    availability: ProductAvailability
  ): Promise<ProductAvailability>
  listFeatureAvailabilities(
    productId: string,
    draftInstanceId: string
  ): Promise<FeatureAvailability[]>
  updateFeatureAvailability(
    productId: string,
    availability: FeatureAvailability
  ): Promise<FeatureAvailability>
  getResellerConfiguration(productId: string): Promise<ResellerConfiguration>
  listSubmissions(productId: string): Promise<Submission[]>
  getSubmission(productId: string, submissionId: string): Promise<Submission>
  createSubmission(productId: string, request: SubmissionCreationRequest): Promise<Submission>
  deleteSubmission(productId: string, submissionId: string): Promise<void>
  promoteSubmission(productId: string, submissionId: string): Promise<WorkflowDetail | undefined>
  listSubmissionValidations(productId: string, submissionId: string): Promise<ValidationItem[]>
  listSubmissionWorkflowDetails(productId: string, submissionId: string): Promise<WorkflowDetail[]>
}

/**
 * A typed client of the Partner Center ingestion API v1.0: one method per API call, no workflow
 * logic (the order of calls belongs to `src/engine/`). Every call is authenticated, correlated with
 * a fresh `Client-Request-ID`, retried by the transport as its idempotency allows, and signs in
 * again once on a 401. Responses are read tolerantly: any 2xx, property names in any case, and
 * every `fileSasUri` is masked before anything else sees it.
 */
export class PartnerCenterClient implements PartnerCenterApi {
  private readonly apiRoot: string
  private readonly origin: string

  constructor(private readonly options: PartnerCenterClientOptions) {
    this.origin = options.baseUrl.replace(/\/+$/, '')
    this.apiRoot = `${this.origin}/v1.0/ingestion`
  }

  /**
   * The products whose AzureOfferId is `offerId`. The server-side filter is checked again here,
   * since the service's filters have misbehaved before (§9.2); offer ids are compared ignoring
   * case, as Partner Center treats them.
   */
  async findProductsByOfferId(offerId: string): Promise<Product[]> {
    const literal = offerId.replace(/'/g, "''")
    const filter = `externalIDs/Any(i:i/type eq 'AzureOfferId' and i/value eq '${literal}')`
    const products = await this.list<Product>(
      'listProducts',
      `products?${query({ $filter: filter })}`,
      'products'
    )
    return products.filter((product) =>
      product.externalIDs?.some(
        (id) => sameText(id.type, 'AzureOfferId') && sameText(id.value, offerId)
      )
    )
  }

  /** All products of one type. Always filtered: an unfiltered list fails since 2026 (§9.2). */
  listProductsOfType(resourceType: OpenEnum<KnownProductType>): Promise<Product[]> {
    const filter = `resourceType eq '${resourceType.replace(/'/g, "''")}'`
    return this.list<Product>(
      'listProducts',
      `products?${query({ $filter: filter })}`,
      `${resourceType} products`
    )
  }

  getProduct(productId: string): Promise<Product> {
    return this.getEntity<Product>('getProduct', `products/${id(productId)}`)
  }

  listVariants(productId: string, options?: PageWatch<Variant>): Promise<Variant[]> {
    return this.list<Variant>(
      'listVariants',
      `products/${id(productId)}/variants`,
      `plans of ${productId}`,
      { onPage: options?.onPage as ((items: unknown[]) => void) | undefined }
    )
  }

  listBranches(
    productId: string,
    module: OpenEnum<KnownBranchModule>,
    options?: { until?: (branches: Branch[]) => boolean } & PageWatch<Branch>
  ): Promise<Branch[]> {
    return this.list<Branch>(
      'listBranches',
      `products/${id(productId)}/branches/getByModule(module=${id(module)})`,
      `${module} branches of ${productId}`,
      {
        until: options?.until as ((items: unknown[]) => boolean) | undefined,
        onPage: options?.onPage as ((items: unknown[]) => void) | undefined
      }
    )
  }

  /**
   * Creates an Azure Application plan (§5.4: POST variants → 201), with the body production was
   * recorded accepting: resourceType AzureSkuVariant, friendlyName, externalID (the plan ID) and
   * subType. Its drafts (branches) may appear only later (§9.12). Not retried: a repeated POST
   * could make a second plan, so the engine looks before trying again (create-once.ts).
   */
  createVariant(productId: string, request: NewVariant): Promise<Variant> {
    return this.call<Variant>('POST', `products/${id(productId)}/variants`, {
      name: 'createVariant',
      body: {
        resourceType: 'AzureSkuVariant',
        friendlyName: request.friendlyName,
        externalID: request.externalID,
        subType: request.subType
      },
      idempotent: false
    })
  }

  /** Creates a package in state PendingUpload with a write SAS URL. Not retried: see `idempotent`. */
  createPackage(productId: string, request: { fileName: string }): Promise<AzurePackage> {
    return this.call<AzurePackage>('POST', `products/${id(productId)}/packages`, {
      name: 'createPackage',
      body: { resourceType: 'AzureApplicationPackage', fileName: request.fileName },
      idempotent: false
    })
  }

  getPackage(productId: string, packageId: string): Promise<AzurePackage> {
    return this.getEntity<AzurePackage>(
      'getPackage',
      `products/${id(productId)}/packages/${id(packageId)}`
    )
  }

  /** Deletes a package (§5.10: `DELETE /products/{pid}/packages/{packageId}` → 204). */
  async deletePackage(productId: string, packageId: string, signal?: AbortSignal): Promise<void> {
    await this.send('DELETE', this.url(`products/${id(productId)}/packages/${id(packageId)}`), {
      name: 'deletePackage',
      idempotent: true,
      signal
    })
  }

  listPackages(
    productId: string,
    options?: { maxPages?: number; signal?: AbortSignal }
  ): Promise<AzurePackage[]> {
    return this.list<AzurePackage>(
      'listPackages',
      `products/${id(productId)}/packages`,
      `packages of ${productId}`,
      { maxPages: options?.maxPages, signal: options?.signal }
    )
  }

  /**
   * Tells Partner Center the blob is uploaded: a PUT of the package as it was returned, with
   * state Uploaded (§5.10 step 3). The swagger has no If-Match here and clients send none.
   */
  markPackageUploaded(productId: string, pkg: AzurePackage): Promise<AzurePackage> {
    return this.call<AzurePackage>('PUT', `products/${id(productId)}/packages/${id(pkg.id)}`, {
      name: 'markPackageUploaded',
      body: { ...pkg, state: 'Uploaded' },
      idempotent: true
    })
  }

  /** The technical configuration(s) in a plan's Package draft (usually exactly one). */
  listPackageConfigurations(
    productId: string,
    draftInstanceId: string
  ): Promise<PackageConfiguration[]> {
    return this.list<PackageConfiguration>(
      'listPackageConfigurations',
      `products/${id(productId)}/packageConfigurations/getByInstanceID(instanceID=${id(draftInstanceId)})`,
      `package configurations of draft ${draftInstanceId}`
    )
  }

  /**
   * Replaces a technical configuration. The whole object is sent (a PUT clears what it omits,
   * §9.5) with `If-Match` set to its `@odata.etag` verbatim, quotes included (§3.6), so a
   * concurrent change makes it fail (409 or 412) instead of being overwritten.
   */
  updatePackageConfiguration(
    productId: string,
    config: PackageConfiguration
  ): Promise<PackageConfiguration> {
    return this.replace('updatePackageConfiguration', 'Package configuration', {
      path: `products/${id(productId)}/packageConfigurations/${id(config.id)}`,
      body: config
    })
  }

  /** The listings (one per language, §5.5) in a Listing draft, offer or plan level. */
  listListings(productId: string, draftInstanceId: string): Promise<AzureListing[]> {
    return this.list<AzureListing>(
      'listListings',
      `products/${id(productId)}/listings/getByInstanceID(instanceID=${id(draftInstanceId)})`,
      `listings of draft ${draftInstanceId}`
    )
  }

  /**
   * Replaces a listing: the whole object as read, with the changed fields (a PUT clears what it
   * omits, §5.5, §9.5), with `If-Match` its `@odata.etag` (§3.6).
   */
  updateListing(productId: string, listing: AzureListing): Promise<AzureListing> {
    return this.replace('updateListing', 'Listing', {
      path: `products/${id(productId)}/listings/${id(listing.id)}`,
      body: listing
    })
  }

  /**
   * The images of a listing (§5.6). Their `fileSasUri` (a read SAS once uploaded) comes only
   * with `withFileSasUri` (`$expand=FileSasUri`, §5.6 and the listing-media recording).
   */
  listListingImages(
    productId: string,
    listingId: string,
    options: { withFileSasUri?: boolean } = {}
  ): Promise<ListingImage[]> {
    const expand = options.withFileSasUri ? `?${query({ $expand: 'FileSasUri' })}` : ''
    return this.list<ListingImage>(
      'listListingImages',
      `${imagesPath(productId, listingId)}${expand}`,
      `images of listing ${listingId}`
    )
  }

  /**
   * Creates an image in state PendingUpload, whose `fileSasUri` is a write SAS (§5.6 step 1, as
   * the listing-media recording sends it). Not retried: a second POST would make a second image.
   */
  createListingImage(
    productId: string,
    listingId: string,
    request: { fileName: string; type: string; order: number }
  ): Promise<ListingImage> {
    return this.call<ListingImage>('POST', imagesPath(productId, listingId), {
      name: 'createListingImage',
      body: { resourceType: 'ListingImage', ...request, state: 'PendingUpload' },
      idempotent: false
    })
  }

  getListingImage(productId: string, listingId: string, imageId: string): Promise<ListingImage> {
    return this.getEntity<ListingImage>(
      'getListingImage',
      `${imagesPath(productId, listingId)}/${id(imageId)}`
    )
  }

  /**
   * Tells Partner Center the image's blob is uploaded: a PUT of the image as returned, state
   * Uploaded, with If-Match (§5.6 step 3; the swagger declares If-Match on this PUT, §3.2).
   */
  markListingImageUploaded(
    productId: string,
    listingId: string,
    image: ListingImage
  ): Promise<ListingImage> {
    return this.replace('markListingImageUploaded', 'Listing image', {
      path: `${imagesPath(productId, listingId)}/${id(image.id)}`,
      body: { ...image, state: 'Uploaded' }
    })
  }

  /** Deletes an image of a listing (§5.6: 204). */
  async deleteListingImage(productId: string, listingId: string, imageId: string): Promise<void> {
    await this.send('DELETE', this.url(`${imagesPath(productId, listingId)}/${id(imageId)}`), {
      name: 'deleteListingImage',
      idempotent: true
    })
  }

  getResellerConfiguration(productId: string): Promise<ResellerConfiguration> {
    return this.getEntity<ResellerConfiguration>(
      'getResellerConfiguration',
      `products/${id(productId)}/resellerConfiguration`
    )
  }

  listSubmissions(productId: string): Promise<Submission[]> {
    return this.list<Submission>(
      'listSubmissions',
      `products/${id(productId)}/submissions`,
      `submissions of ${productId}`
    )
  }

  getSubmission(productId: string, submissionId: string): Promise<Submission> {
    return this.getEntity<Submission>(
      'getSubmission',
      `products/${id(productId)}/submissions/${id(submissionId)}`
    )
  }

  /** Not retried on an ambiguous failure: the caller must look for the submission first. */
  createSubmission(productId: string, request: SubmissionCreationRequest): Promise<Submission> {
    return this.call<Submission>('POST', `products/${id(productId)}/submissions`, {
      name: 'createSubmission',
      body: request,
      idempotent: false
    })
  }

  /** Cancels a submission; only one in state InProgress can be deleted (§5.13). */
  async deleteSubmission(productId: string, submissionId: string): Promise<void> {
    await this.send(
      'DELETE',
      this.url(`products/${id(productId)}/submissions/${id(submissionId)}`),
      { name: 'deleteSubmission', idempotent: true }
    )
  }

  /**
   * Promotes a preview submission to live. The body is `{}`, as a 2026 client sends (§5.13).
   * Resolves with the WorkflowDetail the service returns, or undefined if it returns nothing.
   */
  async promoteSubmission(
    productId: string,
    submissionId: string
  ): Promise<WorkflowDetail | undefined> {
    const response = await this.send(
      'POST',
      this.url(`products/${id(productId)}/submissions/${id(submissionId)}/promote`),
      { name: 'promoteSubmission', body: {}, idempotent: false }
    )
    return this.read<WorkflowDetail>(response)
  }

  listSubmissionValidations(productId: string, submissionId: string): Promise<ValidationItem[]> {
    return this.list<ValidationItem>(
      'listSubmissionDetails',
      `products/${id(productId)}/submissions/${id(submissionId)}/validations`,
      `validations of submission ${submissionId}`
    )
  }

  listSubmissionWorkflowDetails(
    productId: string,
    submissionId: string
  ): Promise<WorkflowDetail[]> {
    return this.list<WorkflowDetail>(
      'listSubmissionDetails',
      `products/${id(productId)}/submissions/${id(submissionId)}/workflowdetails`,
      `workflow details of submission ${submissionId}`
    )
  }

  /**
   * A full-replace PUT of a draft resource with `If-Match` set to its `@odata.etag` verbatim,
   * quotes included (§3.6), so a concurrent change makes it fail (409 or 412) instead of being
   * overwritten. Throws before sending when the resource carries no etag (it was not read).
   */
  /** The properties in the offer's Property draft (§5.7; one item). */
  listProperties(productId: string, draftInstanceId: string): Promise<AzureProperty[]> {
    return this.list<AzureProperty>(
      'listProperties',
      `products/${id(productId)}/properties/getByInstanceID(instanceID=${id(draftInstanceId)})`,
      `properties of draft ${draftInstanceId}`
    )
  }

  /** Replaces the offer's properties: the whole object, with If-Match (§5.7, §9.5). */
  updateProperty(productId: string, property: AzureProperty): Promise<AzureProperty> {
    return this.replace('updateProperty', 'Property', {
      path: `products/${id(productId)}/properties/${id(property.id)}`,
      body: property
    })
  }

  /** The product availability in the offer's Availability draft (§5.8; one item). */
  listProductAvailabilities(
    productId: string,
    draftInstanceId: string
  ): Promise<ProductAvailability[]> {
    return this.list<ProductAvailability>(
      'listProductAvailabilities',
      `products/${id(productId)}/productAvailabilities/getByInstanceID(instanceID=${id(draftInstanceId)})`,
      `product availabilities of draft ${draftInstanceId}`
    )
  }

  /** Replaces the offer's availability (the preview audience): whole object, If-Match (§5.8). */
  updateProductAvailability(
    productId: string,
    availability: ProductAvailability
  ): Promise<ProductAvailability> {
    return this.replace('updateProductAvailability', 'Product availability', {
      path: `products/${id(productId)}/productAvailabilities/${id(availability.id)}`,
      body: availability
    })
  }

  /** A plan's feature availability (§5.9), with its markets, trial and prices expanded. */
  listFeatureAvailabilities(
    productId: string,
    draftInstanceId: string
  ): Promise<FeatureAvailability[]> {
    return this.list<FeatureAvailability>(
      'listFeatureAvailabilities',
      `products/${id(productId)}/featureAvailabilities/getByInstanceID(instanceID=${id(draftInstanceId)})?${FEATURE_EXPAND}`,
      `feature availabilities of draft ${draftInstanceId}`
    )
  }

  /** Replaces a plan's availability: whole object, If-Match, the same `$expand` (§5.9, S3). */
  updateFeatureAvailability(
    productId: string,
    availability: FeatureAvailability
  ): Promise<FeatureAvailability> {
    return this.replace('updateFeatureAvailability', 'Feature availability', {
      path: `products/${id(productId)}/featureAvailabilities/${id(availability.id)}?${FEATURE_EXPAND}`,
      body: availability
    })
  }

  private replace<T extends { id: string; '@odata.etag'?: string }>(
    name: PartnerCenterCall,
    what: string,
    { path, body }: { path: string; body: T }
  ): Promise<T> {
    const etag = body['@odata.etag']
    if (!etag) {
      throw new Error(
        `${what} ${body.id} has no @odata.etag: read it from Partner Center before updating it.`
      )
    }
    return this.call<T>('PUT', path, {
      name,
      body,
      idempotent: true,
      headers: { 'If-Match': etag }
    })
  }

  private url(relative: string): string {
    return `${this.apiRoot}/${relative}`
  }

  private getEntity<T>(name: PartnerCenterCall, relative: string): Promise<T> {
    return this.call<T>('GET', relative, { name, idempotent: true })
  }

  /** A call whose 2xx answer must carry the resource. */
  private async call<T>(method: HttpMethod, relative: string, options: CallOptions): Promise<T> {
    const url = this.url(relative)
    const response = await this.send(method, url, options)
    const entity = this.read<T>(response)
    if (entity === undefined) {
      throw new Error(
        `Partner Center answered ${response.status} to ${method} ${urlPath(url)} without the resource in the body.`
      )
    }
    return entity
  }

  /** Every page of a collection, or the first `maxPages` of them (a bounded scan). */
  private list<T>(
    name: PartnerCenterCall,
    relative: string,
    what: string,
    bounds: {
      maxPages?: number
      until?: (items: unknown[]) => boolean
      onPage?: (items: unknown[]) => void
      signal?: AbortSignal
    } = {}
  ): Promise<T[]> {
    const { maxPages, until, onPage, signal } = bounds
    return collectPages<T>({
      firstUrl: this.url(relative),
      baseUrl: this.origin,
      getPage: async (url) =>
        this.read(await this.send('GET', url, { name, idempotent: true, ahead: true, signal })),
      logger: this.options.logger,
      what,
      until,
      onPage,
      ...(maxPages !== undefined && { maxPages, capIsExpected: true })
    })
  }

  /** Sends one API call; on a 401 signs in again and sends it once more. Non-2xx throws. */
  private async send(method: HttpMethod, url: string, options: CallOptions): Promise<CallResponse> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Client-Request-ID': randomUUID(),
      ...(this.options.publisherId ? { 'x-ms-publisherId': this.options.publisherId } : {}),
      ...options.headers
    }
    let body: string | undefined
    if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers['Content-Type'] = 'application/json; charset=utf-8'
    }
    // The bearer token is for the configured API origin only (docs/security.md).
    requireOrigin(url, this.origin, `${method} ${urlPath(url)}`)
    const attempt = async (forceRefresh: boolean): Promise<HttpResponse> => {
      const token = await this.options.getToken(forceRefresh ? { forceRefresh } : undefined)
      return this.options.transport.send(
        {
          method,
          url,
          headers: { ...headers, Authorization: `Bearer ${token}` },
          body,
          idempotent: options.idempotent,
          ...(options.ahead && { ahead: true })
        },
        options.signal ?? this.options.signal
      )
    }
    let response = await attempt(false)
    if (response.status === 401) {
      // The token may have expired or been revoked during a long run (§9.13). A 401 is refused
      // before the service's logic runs, so even a create is safe to send again.
      this.options.logger.info(`${method} ${urlPath(url)}: 401, signing in again and retrying once`)
      response = await attempt(true)
    }
    this.options.logger.debug(`${method} ${urlPath(url)}: ${response.status}`)
    if (response.status < 200 || response.status >= 300) {
      throw new PartnerCenterError({ method, url }, response, options.name)
    }
    return { ...response, request: { method, url } }
  }

  /** The body as JSON with property names normalized and SAS URLs masked; undefined if empty. */
  private read<T>(response: CallResponse): T | undefined {
    if (response.body.trim() === '') return undefined
    const parsed = parseJsonBody(response.body, response.request, 'Partner Center')
    const normalized = normalizePropertyNames(parsed)
    maskSasUris(normalized, this.options.logger)
    return normalized as T
  }
}

/** Registers the signature of every `fileSasUri`, at any depth, before the value is returned. */
function maskSasUris(value: unknown, logger: Logger): void {
  if (Array.isArray(value)) {
    for (const item of value) maskSasUris(item, logger)
    return
  }
  if (typeof value !== 'object' || value === null) return
  for (const [key, child] of Object.entries(value)) {
    if (key === 'fileSasUri' && typeof child === 'string') maskSasUrl(child, logger)
    else maskSasUris(child, logger)
  }
}

/**
 * A path segment from an id. Ids are opaque strings (§3.5), but one from a server or an input
 * must not change the path (`..` would turn a cancel into a DELETE on the product), so each is
 * checked against the trust boundary's pattern before it goes into a URL.
 */
function id(value: string): string {
  return pathSegment(value, 'id')
}

/** The images collection of a listing (§5.6). */
function imagesPath(productId: string, listingId: string): string {
  return `products/${id(productId)}/listings/${id(listingId)}/images`
}

/** The `$expand` a feature availability is read and written with (§5.9). */
const FEATURE_EXPAND = query({ $expand: 'MarketStates,Trial,PriceSchedules' })

/** OData query options, encoded the way production clients send them (`%24filter=…`, §3.1). */
function query(options: Record<string, string>): string {
  return new URLSearchParams(options).toString()
}
