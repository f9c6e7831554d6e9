/**
 * The ingestion API v1.0 resources the publishing flow uses, as real responses spell them
 * (camelCase with `…ID` suffixes, §3.4 of the API reference). Enumerations are open: the
 * service has added values before and sometimes changes their case (§3.4, §9.17), so compare
 * them with `sameText`.
 */

/** A string enum that also accepts values this code does not know yet. */
export type OpenEnum<Known extends string> = Known | (string & {})

export interface TypeValuePair {
  type: string
  value: string
}

export interface PagedCollection<T> {
  value: T[]
  nextLink?: string
}

export type KnownProductType =
  | 'AzureApplication'
  | 'AzureContainer'
  | 'AzureThirdPartyVirtualMachine'
  | 'SoftwareAsAService'
  | 'AzureDynamics365BusinessCentral'

/** An offer. `id` is the product id (a GUID); the offer id is in `externalIDs` (AzureOfferId). */
export interface Product {
  resourceType: OpenEnum<KnownProductType>
  id: string
  name?: string
  externalIDs?: TypeValuePair[]
  isModularPublishing?: boolean
  '@odata.etag'?: string
}

export type KnownVariantType = 'AzureSkuVariant' | 'AzureTestDriveVariant'
export type KnownPlanSubType = 'managed-application' | 'solution-template'

/** A plan. Its plan id (as Partner Center shows it) is `externalID`. */
export interface Variant {
  resourceType: OpenEnum<KnownVariantType>
  /** A GUID, or `testdrive` for the test-drive variant (§3.5). */
  id: string
  externalID?: string
  friendlyName?: string
  state?: OpenEnum<'Active' | 'Inactive'>
  subType?: OpenEnum<KnownPlanSubType>
  cloudAvailabilities?: string[]
  '@odata.etag'?: string
}

/** What creating a plan takes (§5.4): its display name, plan ID and type. */
export interface NewVariant {
  friendlyName: string
  externalID: string
  subType: KnownPlanSubType
}

export type KnownBranchModule =
  | 'Listing'
  | 'Property'
  | 'Package'
  | 'Availability'
  | 'ResellerConfiguration'
  | 'Cosell'
  | 'SupplementalContent'

/** The current draft of one module, offer-level (no `variantID`) or plan-level (§5.3). */
export interface Branch {
  resourceType?: 'Branch'
  module: OpenEnum<KnownBranchModule>
  currentDraftInstanceID: string
  variantID?: string
  friendlyName?: string
  type?: OpenEnum<'Main' | 'Private'>
  id?: string
}

export type KnownPackageState =
  'PendingUpload' | 'Uploaded' | 'InProcessing' | 'Processed' | 'ProcessFailed'

export interface ValidationItem {
  errorCode?: string
  severity?: OpenEnum<'Informational' | 'Warning' | 'Error'>
  message?: string
  resource?: string
}

/** An uploaded binary (§5.10). `fileSasUri` is a write SAS: it is masked as soon as it is read. */
export interface AzurePackage {
  resourceType: OpenEnum<'AzureApplicationPackage'>
  id: string
  fileName: string
  fileSasUri?: string
  fileSize?: number
  state: OpenEnum<KnownPackageState>
  isEmpty?: boolean
  validationItems?: ValidationItem[]
  '@odata.etag'?: string
}

export type KnownPackageConfigurationType =
  | 'AzureManagedApplicationPackageConfiguration'
  | 'AzureSolutionTemplatePackageConfiguration'
  | 'AzureApplicationPackageConfiguration'

export interface AzureAuthorization {
  principalID: string
  roleDefinitionID: string
}

/**
 * A plan's technical configuration (§5.11), for both Azure Application kinds. A PUT replaces
 * the whole object, so fields this type does not name are kept as they came (index signature)
 * and must be sent back.
 */
export interface PackageConfiguration {
  resourceType: OpenEnum<KnownPackageConfigurationType>
  id: string
  '@odata.etag'?: string
  version?: string
  packageReferences?: TypeValuePair[]
  // Managed application only (swagger fields plus the ones real clients read and write).
  allowJitAccess?: boolean
  canEnableCustomerActions?: boolean
  allowedCustomerActions?: string[]
  allowedDataActions?: string[]
  publicAzureTenantID?: string
  publicAzureAuthorizations?: AzureAuthorization[]
  azureGovernmentTenantID?: string
  azureGovernmentAuthorizations?: AzureAuthorization[]
  policies?: unknown[]
  deploymentMode?: OpenEnum<'Incremental' | 'Complete'>
  publisherManagementMode?: string
  customerAccessEnableState?: OpenEnum<'Enabled' | 'Disabled'>
  [field: string]: unknown
}

export interface ResellerConfiguration {
  resourceType: OpenEnum<'ResellerConfiguration'>
  resellerChannelState: OpenEnum<'Enabled' | 'Disabled' | 'PartialOptIn' | 'OptOut'>
  tenantIds?: string[]
  id?: string
  '@odata.etag'?: string
}

export type KnownSubmissionState =
  | 'InProgress'
  | 'Published'
  | 'Cancelled'
  | 'Unknown'
  | 'NotSet'
  | 'Archived'
  | 'Deleted'
  | 'RolledBack'
export type KnownSubmissionSubstate =
  | 'InDraft'
  | 'Submitted'
  | 'Failed'
  | 'FailedInCertification'
  | 'ReadyToPublish'
  | 'Publishing'
  | 'Published'
  | 'InStore'
  | 'Cancelled'

export interface PendingUpdateInfo {
  updateType?: OpenEnum<'Create' | 'Submit' | 'Promote' | 'Validate'>
  status?: OpenEnum<'Running' | 'Failed' | 'Completed' | 'Cancelled' | 'PendingConfirmation'>
  href?: string
  failureReason?: string
}

export interface VariantResources {
  variantID: string
  resources: TypeValuePair[]
}

export interface PublishOption {
  releaseTimeInUtc?: string
  isManualPublish?: boolean
  isAutoPromote?: boolean
  certificationNotes?: string
}

export interface Submission {
  resourceType?: 'Submission'
  /** A 19-digit number, as a string. */
  id: string
  state: OpenEnum<KnownSubmissionState>
  substate: OpenEnum<KnownSubmissionSubstate>
  /** `[{type: 'Scope', value: 'Preview'}]`; sent as `preview`, returned as `Preview` (§9.17). */
  targets: TypeValuePair[]
  resources: TypeValuePair[]
  variantResources?: VariantResources[]
  publishOption?: PublishOption
  /** `1601-01-01T00:00:00Z` while not published. */
  publishedTimeInUtc?: string
  pendingUpdateInfo?: PendingUpdateInfo
  releaseNumber?: number
  friendlyName?: string
  areResourcesReady?: boolean
}

export interface SubmissionCreationRequest {
  resourceType: 'SubmissionCreationRequest'
  targets: TypeValuePair[]
  resources: TypeValuePair[]
  variantResources?: VariantResources[]
  publishOption?: PublishOption
  extendedProperties?: unknown[]
}

export interface WorkflowStep {
  name?: string
  state?: OpenEnum<'NotStarted' | 'InProgress' | 'Success'>
  startDateTimeInUtc?: string
  completeDateTimeInUtc?: string
}

export interface WorkflowDetail {
  type?: string
  state?: string
  targetEnvironment?: string
  workflowSteps?: WorkflowStep[]
  startDateTimeInUtc?: string
  completeDateTimeInUtc?: string
}

/**
 * Every property name the types above use, in the spelling they use. Responses are read
 * through `normalizePropertyNames`, which renames a key that matches one of these ignoring
 * case; so a response saying `ExternalIds` or `ID` still fills `externalIDs` or `id`.
 */
export const PROPERTY_NAMES: readonly string[] = [
  '@odata.etag',
  'allowedCustomerActions',
  'allowedDataActions',
  'allowJitAccess',
  'areResourcesReady',
  'azureGovernmentAuthorizations',
  'azureGovernmentTenantID',
  'canEnableCustomerActions',
  'certificationNotes',
  'cloudAvailabilities',
  'completeDateTimeInUtc',
  'currentDraftInstanceID',
  'customerAccessEnableState',
  'deploymentMode',
  'errorCode',
  'externalID',
  'externalIDs',
  'extendedProperties',
  'failureReason',
  'fileName',
  'fileSasUri',
  'fileSize',
  'friendlyName',
  'href',
  'id',
  'isAutoPromote',
  'isEmpty',
  'isManualPublish',
  'isModularPublishing',
  'message',
  'module',
  'name',
  'nextLink',
  'packageReferences',
  'pendingUpdateInfo',
  'policies',
  'principalID',
  'publicAzureAuthorizations',
  'publicAzureTenantID',
  'publishedTimeInUtc',
  'publisherManagementMode',
  'publishOption',
  'releaseNumber',
  'releaseTimeInUtc',
  'resellerChannelState',
  'resource',
  'resources',
  'resourceType',
  'roleDefinitionID',
  'severity',
  'startDateTimeInUtc',
  'state',
  'status',
  'subType',
  'substate',
  'targetEnvironment',
  'targets',
  'tenantIds',
  'type',
  'updateType',
  'validationItems',
  'value',
  'variantID',
  'variantResources',
  'version',
  'workflowSteps'
]

/** A link of a listing (§5.5): the privacy policy (`PrivacyUri`) or a useful link. */
export interface ListingUri {
  type?: string
  subtype?: string
  displayText?: string
  uri?: string
}

/** A contact of a listing (§5.5; swagger enum, Appendix B). */
export interface ListingContact {
  type?: OpenEnum<'CustomerSupport' | 'Engineering' | 'ChannelManager'>
  email?: string
  name?: string
  phone?: string
  uri?: string
}

/**
 * An image of a listing (§5.6 ListingImage). `fileSasUri` is a write SAS until the image is
 * marked Uploaded, a read SAS after; a list returns it only with `$expand=FileSasUri` (§5.6). It
 * is masked as soon as it is read. States as a package's (§7.1). Every field read is kept.
 */
export interface ListingImage {
  resourceType?: OpenEnum<'ListingImage'>
  id: string
  fileName?: string
  type?: string
  fileSasUri?: string
  state?: OpenEnum<KnownPackageState>
  description?: string
  order?: number
  '@odata.etag'?: string
  [field: string]: unknown
}

/**
 * An offer's or a plan's listing in one language (§5.5), as read: every field the service sent
 * is kept (`[field: string]: unknown`), because a PUT replaces the whole resource (§9.5) and must
 * write back what this client does not know.
 */
export interface AzureListing {
  resourceType: OpenEnum<'AzureListing'>
  id: string
  languageCode?: string
  title?: string
  summary?: string
  shortDescription?: string
  description?: string
  gettingStartedInstructions?: string
  keywords?: string[]
  listingUris?: ListingUri[]
  listingContacts?: ListingContact[]
  '@odata.etag'?: string
  [field: string]: unknown
}

/**
 * The offer's properties (§5.7): categories, industries, app version, legal terms. Every field
 * read is kept and written back (`[field: string]: unknown`): a PUT replaces the whole resource.
 */
export interface AzureProperty {
  resourceType: OpenEnum<'AzureProperty'>
  id: string
  categories?: string[]
  /** Category → its subcategories: `{"analytics": ["big-data"]}` (§5.7, S3 template). */
  leveledCategories?: Record<string, string[]>
  industries?: string[]
  appVersion?: string
  useEnterpriseContract?: boolean
  termsOfUse?: string
  '@odata.etag'?: string
  [field: string]: unknown
}

/**
 * The offer's availability (§5.8): its preview audience is the `PreviewMarketplaceGroup`
 * audience's values (Azure subscription IDs, S3). Every field read is written back.
 */
export interface ProductAvailability {
  resourceType: OpenEnum<'ProductAvailability'>
  id: string
  visibility?: string
  audiences?: { type?: string; values?: string[] }[]
  /** `ID` in the swagger (§5.8); read as `id` too, the client's normalised spelling of it. */
  subscriptionAudiences?: { ID?: string; id?: string; description?: string }[]
  '@odata.etag'?: string
  [field: string]: unknown
}

/**
 * A plan's availability (§5.9): its markets, whether it is private and to whom, whether it is
 * hidden. Read and written with `$expand=MarketStates,Trial,PriceSchedules`, so the PUT carries
 * the prices and trial it read back (§5.9, S3). Every field read is written back.
 */
export interface FeatureAvailability {
  resourceType: OpenEnum<'FeatureAvailability'>
  id: string
  visibility?: OpenEnum<'Public' | 'Private'>
  marketStates?: { marketCode?: string; state?: string }[]
  subscriptionAudiences?: { ID?: string; id?: string; description?: string }[]
  tenantAudiences?: { ID?: string; id?: string; description?: string }[]
  isHidden?: boolean
  '@odata.etag'?: string
  [field: string]: unknown
}
