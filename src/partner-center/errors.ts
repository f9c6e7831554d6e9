import { HttpError } from '../http/errors.js'
import type { HttpRequest, HttpResponse } from '../http/types.js'
import { parseErrorBody } from './error-body.js'
import { commandLine, input, naming, words } from '../naming.js'
import { showSuggestion } from '../suggestions.js'

/**
 * Every call the clients make, by name: the error hint depends on the call as much as on the
 * status (a 404 from the product listing is not an unknown id; a 409 on a read is not a
 * submission in progress).
 */
export type PartnerCenterCall =
  | 'listProducts'
  | 'getProduct'
  | 'listVariants'
  | 'listBranches'
  | 'createVariant'
  | 'createPackage'
  | 'deletePackage'
  | 'getPackage'
  | 'listPackages'
  | 'markPackageUploaded'
  | 'listPackageConfigurations'
  | 'updatePackageConfiguration'
  | 'listListings'
  | 'updateListing'
  | 'listListingImages'
  | 'createListingImage'
  | 'getListingImage'
  | 'markListingImageUploaded'
  | 'deleteListingImage'
  | 'listProperties'
  | 'updateProperty'
  | 'listProductAvailabilities'
  | 'updateProductAvailability'
  | 'listFeatureAvailabilities'
  | 'updateFeatureAvailability'
  | 'getResellerConfiguration'
  | 'listSubmissions'
  | 'getSubmission'
  | 'createSubmission'
  | 'deleteSubmission'
  | 'promoteSubmission'
  | 'listSubmissionDetails'
  | 'findProductByExternalId'

/** What to tell the user whatever the call was (reference §2, §3.9). */
const BY_STATUS: Record<number, string> = {
  401:
    'Partner Center did not accept the access token: it must be issued for ' +
    'https://api.partner.microsoft.com, to an Entra app that is added to this Partner Center account.',
  403:
    'The Entra app must be added in Partner Center → Account settings → User management → ' +
    'Microsoft Entra applications, with the Manager role.',
  412: 'The resource changed since it was read (its etag no longer matches): read it again.',
  429: 'Partner Center is throttling requests: try again later.'
}

const UNKNOWN_ID = 'This id does not exist in this Partner Center account.'
const SERVER_FAULT =
  'Partner Center failed on its side: try again later, and quote the correlation id if it persists.'

/**
 * Hints that only hold for one call: they win over BY_STATUS. Made when asked for: they name
 * settings in the running shell's words.
 */
const byCall = (): Partial<Record<PartnerCenterCall, Partial<Record<number, string>>>> => ({
  listProducts: {
    // §9.2: the listing has answered 404 on a nextLink and empty pages for offers that exist.
    404:
      // Reference §9.2; users get the public ledger, not the private reference.
      'The product listing is known to fail like this (docs/partner-center-changes.md). Set ' +
      `${naming().theInput('product-id')} to the offer's product GUID (in its Partner Center URL) to skip the listing.`
  },
  getProduct: {
    404:
      `No product with this GUID in this Partner Center account: check ${input('product-id')} (the GUID in ` +
      "the offer's Partner Center URL) and that the Entra app belongs to the same account."
  },
  findProductByExternalId: {
    401:
      'The Product Ingestion API did not accept the token: it must be issued for ' +
      'https://graph.microsoft.com to the same Entra app, which must be added to the Partner Center account.',
    404: `${input('graph-url')} must be the Microsoft Graph origin (https://graph.microsoft.com), without a path.`
  },
  markPackageUploaded: {
    404:
      'Partner Center did not know the package it had just created (its answers can lag ' +
      `behind for a moment). Run again: ${words().tool} continues with the same package.`,
    409: `Partner Center was still busy with the package. Run again: ${words().tool} continues with the same package.`
  },
  updatePackageConfiguration: {
    409: "The plan's technical configuration changed since it was read: run again."
  },
  createSubmission: {
    409:
      `Another submission is in progress for this offer: wait for it, cancel it (${commandLine('cancel')}), ` +
      `or set ${showSuggestion({ input: 'on-conflict', value: 'wait' })} or ` +
      `${showSuggestion({ input: 'on-conflict', value: 'cancel' })}.`
  },
  deleteSubmission: {
    409: 'The submission can no longer be cancelled: it is past publisher sign-off or finished.'
  },
  promoteSubmission: {
    409: `The submission is not ready to go live yet: follow it with ${commandLine('status')}.`
  }
})

/** §9.3 (June 2026): the service wanted a seller/publisher id header on every call. */
const publisherIdHint = (): string =>
  `Partner Center asks for the x-ms-publisherId header (June 2026, docs/partner-center-changes.md): set ${naming().theInput('publisher-id')} ` +
  'to your seller ID, the number shown in Partner Center → Account settings (the ' +
  `account's identifiers, where the Seller ID / Publisher ID is listed). Without ${input('publisher-id')} the ` +
  'header is not sent.'

/**
 * The hint for one failed call. Exported for the Product Ingestion client and for tests.
 * `serverText` is what the server said (already parsed): a 400 that names x-ms-publisherId gets
 * the publisher-id hint whatever the call.
 */
export function hintFor(
  call: PartnerCenterCall | undefined,
  method: string,
  status: number,
  serverText = ''
): string | undefined {
  if (status === 400 && /x-ms-publisherId/i.test(serverText)) return publisherIdHint()
  const specific = call ? byCall()[call]?.[status] : undefined
  if (specific) return specific
  if (status >= 500) return SERVER_FAULT
  const read = method.toUpperCase() === 'GET'
  if (status === 404) return read ? UNKNOWN_ID : undefined
  // A read never conflicts with a submission; a 409 there is the service's own fault.
  if (status === 409)
    return read
      ? 'Partner Center answered a read with a conflict: try again later.'
      : 'The resource changed since it was read, or is busy: run again.'
  return BY_STATUS[status]
}

/** A non-2xx answer from the ingestion API, with its ICH code, ids and a hint for the user. */
export class PartnerCenterError extends HttpError {
  readonly operationId?: string
  readonly details?: Record<string, string[]>
  /** Which call failed, when the client said so. */
  readonly call?: PartnerCenterCall

  constructor(
    request: Pick<HttpRequest, 'method' | 'url'>,
    response: HttpResponse,
    call?: PartnerCenterCall
  ) {
    const parsed = parseErrorBody(response.body)
    const details = parsed.details
      ? Object.entries(parsed.details).map(([field, messages]) => `${field}: ${messages.join(' ')}`)
      : []
    const serverMessage = [parsed.message, ...details].filter(Boolean).join(' ') || undefined
    super({
      status: response.status,
      method: request.method,
      url: request.url,
      code: parsed.code,
      serverMessage,
      correlationId: parsed.correlationId,
      requestId: response.headers['request-id'] ?? response.headers['x-ms-request-id'],
      service: 'Partner Center',
      hint: hintFor(call, request.method, response.status, serverMessage)
    })
    this.name = 'PartnerCenterError'
    this.operationId = parsed.operationId
    this.details = parsed.details
    this.call = call
  }
}
