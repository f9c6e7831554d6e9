import { invalidField, badRequest, type ErrorData } from './errors.js'

export type Json = Record<string, unknown>
type FieldType = 'string' | 'boolean' | 'number' | 'array' | 'object'

/** One request property: its type, whether it is required, its closed set of values, its items. */
export interface FieldRule {
  name: string
  type: FieldType
  required?: boolean
  enum?: readonly string[]
  /** For arrays of objects (or an object): the rules of their properties. */
  fields?: readonly FieldRule[]
}

/** The request rules of one resource type, next to the OpenAPI schema they implement. */
export interface RequestTable {
  /** Short OpenAPI schema name, e.g. `Packages.AzurePackage`. */
  schema: string
  resourceTypes: readonly string[]
  fields: readonly FieldRule[]
}

export const MODULES = [
  'Listing',
  'Property',
  'Package',
  'Availability',
  'ResellerConfiguration'
] as const
const TYPE_VALUE = (typeRule: Partial<FieldRule> = {}): FieldRule[] => [
  { name: 'type', type: 'string', required: true, ...typeRule },
  { name: 'value', type: 'string', required: true }
]
const PACKAGE_REFERENCES: FieldRule = {
  name: 'packageReferences',
  type: 'array',
  required: true,
  fields: TYPE_VALUE({ enum: ['AzureApplicationPackage'] })
}
const RESOURCES: FieldRule = {
  name: 'resources',
  type: 'array',
  required: true,
  fields: TYPE_VALUE({ enum: MODULES })
}

/**
 * The emulator's request validation, one declarative table per resource. A contract test
 * compares them with the OpenAPI request schemas; the production extras they use are listed in
 * PRODUCTION_EXTRAS with the evidence for each.
 */
export const REQUEST_TABLES = {
  product: {
    schema: 'Products.AzureProduct',
    resourceTypes: [
      'AzureApplication',
      'AzureContainer',
      'AzureThirdPartyVirtualMachine',
      'SoftwareAsAService'
    ],
    fields: [
      { name: 'name', type: 'string', required: true },
      {
        name: 'externalIDs',
        type: 'array',
        required: true,
        fields: TYPE_VALUE({ enum: ['AzureOfferId'] })
      },
      { name: 'isModularPublishing', type: 'boolean' }
    ]
  },
  variant: {
    schema: 'Variants.AzureSkuVariant',
    resourceTypes: ['AzureSkuVariant', 'AzureTestDriveVariant'],
    fields: [
      { name: 'friendlyName', type: 'string', required: true },
      { name: 'externalID', type: 'string' },
      { name: 'state', type: 'string', enum: ['Inactive', 'Active'] },
      { name: 'subType', type: 'string', enum: ['managed-application', 'solution-template'] },
      { name: 'conversionPaths', type: 'string' },
      { name: 'leadGenID', type: 'string' },
      { name: 'cloudAvailabilities', type: 'array' },
      { name: 'extendedProperties', type: 'array' }
    ]
  },
  listingImage: {
    schema: 'Listings.ListingImage',
    resourceTypes: ['ListingImage'],
    fields: [
      { name: 'fileName', type: 'string', required: true },
      { name: 'type', type: 'string', required: true },
      { name: 'fileSasUri', type: 'string' },
      {
        name: 'state',
        type: 'string',
        enum: ['PendingUpload', 'Uploaded', 'InProcessing', 'Processed', 'ProcessFailed']
      },
      { name: 'description', type: 'string' },
      { name: 'order', type: 'number' }
    ]
  },
  package: {
    schema: 'Packages.AzurePackage',
    resourceTypes: ['AzureApplicationPackage'],
    fields: [
      { name: 'fileName', type: 'string', required: true },
      {
        name: 'state',
        type: 'string',
        enum: ['PendingUpload', 'Uploaded', 'InProcessing', 'Processed', 'ProcessFailed']
      },
      { name: 'fileSasUri', type: 'string' },
      { name: 'fileSize', type: 'number' },
      { name: 'isEmpty', type: 'boolean' },
      { name: 'validationItems', type: 'array' }
    ]
  },
  solutionTemplateConfiguration: {
    schema: 'Packages.AzureSolutionTemplatePackageConfiguration',
    resourceTypes: ['AzureSolutionTemplatePackageConfiguration'],
    fields: [{ name: 'version', type: 'string', required: true }, PACKAGE_REFERENCES]
  },
  managedApplicationConfiguration: {
    schema: 'Packages.AzureManagedApplicationPackageConfiguration',
    resourceTypes: ['AzureManagedApplicationPackageConfiguration'],
    fields: [
      { name: 'version', type: 'string', required: true },
      PACKAGE_REFERENCES,
      { name: 'allowJitAccess', type: 'boolean' },
      { name: 'canEnableCustomerActions', type: 'boolean' },
      { name: 'allowedCustomerActions', type: 'array' },
      { name: 'allowedDataActions', type: 'array' },
      { name: 'publicAzureTenantID', type: 'string' },
      { name: 'publicAzureAuthorizations', type: 'array' },
      { name: 'azureGovernmentTenantID', type: 'string' },
      { name: 'azureGovernmentAuthorizations', type: 'array' },
      { name: 'policies', type: 'array' },
      { name: 'deploymentMode', type: 'string', enum: ['Incremental', 'Complete'] },
      { name: 'publisherManagementMode', type: 'string' },
      { name: 'customerAccessEnableState', type: 'string', enum: ['Disabled', 'Enabled'] }
    ]
  },
  applicationConfiguration: {
    schema: 'Packages.AzureApplicationPackageConfiguration',
    resourceTypes: ['AzureApplicationPackageConfiguration'],
    // Offer level: the tenant fields. Plan level in the 2026 service (§9.19): version and
    // packageReferences as well, as in the other two types (its full field list is unknown, [I]).
    fields: [
      { name: 'version', type: 'string' },
      { ...PACKAGE_REFERENCES, required: false },
      { name: 'azureActiveDirectoryTenantID', type: 'string' },
      { name: 'azureActiveDirectoryApplicationID', type: 'string' }
    ]
  },
  resellerConfiguration: {
    schema: 'Reseller.ResellerConfiguration',
    resourceTypes: ['ResellerConfiguration'],
    fields: [
      {
        name: 'resellerChannelState',
        type: 'string',
        required: true,
        enum: ['Disabled', 'PartialOptIn', 'OptOut', 'Enabled']
      },
      { name: 'tenantIds', type: 'array' }
    ]
  },
  submission: {
    schema: 'Submissions.SubmissionCreationRequest',
    resourceTypes: ['SubmissionCreationRequest'],
    fields: [
      {
        name: 'targets',
        type: 'array',
        required: true,
        fields: [
          { name: 'type', type: 'string', required: true, enum: ['Scope'] },
          { name: 'value', type: 'string', required: true, enum: ['Preview', 'Live'] }
        ]
      },
      RESOURCES,
      {
        name: 'variantResources',
        type: 'array',
        fields: [{ name: 'variantID', type: 'string', required: true }, RESOURCES]
      },
      { name: 'publishOption', type: 'object' },
      { name: 'extendedProperties', type: 'array' }
    ]
  },
  listing: {
    schema: 'Listings.AzureListing',
    resourceTypes: ['AzureListing'],
    fields: [
      { name: 'title', type: 'string' },
      { name: 'summary', type: 'string' },
      { name: 'description', type: 'string' },
      { name: 'shortDescription', type: 'string' },
      { name: 'keywords', type: 'array' },
      { name: 'listingUris', type: 'array' },
      { name: 'listingContacts', type: 'array' },
      { name: 'gettingStartedInstructions', type: 'string' },
      { name: 'languageCode', type: 'string' }
    ]
  },
  property: {
    schema: 'Properties.AzureProperty',
    resourceTypes: ['AzureProperty'],
    fields: [
      { name: 'industries', type: 'array' },
      { name: 'categories', type: 'array' },
      { name: 'leveledCategories', type: 'object' },
      { name: 'appVersion', type: 'string' },
      { name: 'submissionVersion', type: 'string' },
      { name: 'useEnterpriseContract', type: 'boolean' },
      { name: 'termsOfUse', type: 'string' }
    ]
  },
  productAvailability: {
    schema: 'Availabilities.ProductAvailability',
    resourceTypes: ['ProductAvailability'],
    fields: [
      { name: 'visibility', type: 'string' },
      { name: 'audiences', type: 'array' },
      { name: 'enterpriseLicensing', type: 'string' }
    ]
  },
  featureAvailability: {
    schema: 'Availabilities.FeatureAvailability',
    resourceTypes: ['FeatureAvailability'],
    fields: [
      { name: 'visibility', type: 'string', enum: ['Public', 'Private'] },
      { name: 'marketStates', type: 'array' },
      { name: 'priceSchedules', type: 'array' },
      { name: 'subscriptionAudiences', type: 'array' },
      { name: 'tenantAudiences', type: 'array' },
      { name: 'trial', type: 'object' },
      { name: 'isHidden', type: 'boolean' }
    ]
  }
} satisfies Record<string, RequestTable>

/**
 * What production accepts beyond the OpenAPI file, per table, with the reference section as
 * evidence. The contract test allows exactly these differences.
 */
export const PRODUCTION_EXTRAS: Record<
  string,
  { fields?: string[]; resourceTypes?: string[]; enums?: Record<string, string[]> }
> = {
  // §1: SoftwareAsAService is returned by production but missing from the swagger enum.
  // §3.5: the offer id type AzureOfferId is a convention, the swagger's TypeValuePair has no enum.
  product: {
    resourceTypes: ['SoftwareAsAService'],
    enums: { 'externalIDs[].type': ['AzureOfferId'] }
  },
  // §5.4: subType is sent and returned by production; the swagger lacks it. The swagger's
  // AzureTestDriveVariant is a sibling schema of the same endpoint.
  variant: {
    fields: ['subType'],
    resourceTypes: ['AzureTestDriveVariant'],
    enums: { subType: ['managed-application', 'solution-template'] }
  },
  // §5.6: the listing-media recording sends exactly the swagger's fields.
  listingImage: {},
  package: {},
  solutionTemplateConfiguration: {
    enums: { 'packageReferences[].type': ['AzureApplicationPackage'] }
  },
  // §5.11: fields real clients read and write that the swagger lacks.
  managedApplicationConfiguration: {
    fields: [
      'allowedDataActions',
      'deploymentMode',
      'publisherManagementMode',
      'customerAccessEnableState'
    ],
    enums: {
      'packageReferences[].type': ['AzureApplicationPackage'],
      deploymentMode: ['Incremental', 'Complete'],
      customerAccessEnableState: ['Disabled', 'Enabled']
    }
  },
  // §9.19: since the 2026 migration a plan's technical configuration can be of this type, and
  // binding a package writes version and packageReferences to it as to the other two types.
  applicationConfiguration: {
    fields: ['version', 'packageReferences'],
    enums: { 'packageReferences[].type': ['AzureApplicationPackage'] }
  },
  resellerConfiguration: {},
  // §5.13: targets are Scope/Preview|Live; module names of resources include ResellerConfiguration (§5.12).
  submission: {
    enums: {
      'targets[].type': ['Scope'],
      'targets[].value': ['Preview', 'Live'],
      'resources[].type': [...MODULES],
      'variantResources[].resources[].type': [...MODULES]
    }
  },
  listing: {},
  property: {},
  productAvailability: {},
  featureAvailability: {}
}

/** Names every request may carry besides its table's fields (§3.4 spellings). */
const COMMON_NAMES = ['resourceType', 'id', '@odata.etag']

/**
 * Rewrites property names to the canonical casing of the table's fields, recursing only into
 * the properties the table describes: request names are case-insensitive (§3.4), but free-form
 * nested objects (listing URIs' `subtype`, for one) come back exactly as sent.
 */
function canonicalise(body: Json, fields: readonly FieldRule[], top: boolean): Json {
  const byLowerName = new Map<string, FieldRule | string>(
    fields.map((f) => [f.name.toLowerCase(), f])
  )
  if (top) for (const name of COMMON_NAMES) byLowerName.set(name.toLowerCase(), name)
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => {
      const rule = byLowerName.get(key.toLowerCase())
      if (rule === undefined) return [key, value]
      if (typeof rule === 'string') return [rule, value]
      const nested = rule.fields
      const inner =
        nested && Array.isArray(value)
          ? value.map((item) =>
              typeOf(item) === 'object' ? canonicalise(item as Json, nested, false) : item
            )
          : nested && typeOf(value) === 'object'
            ? canonicalise(value as Json, nested, false)
            : value
      return [rule.name, inner]
    })
  )
}

function typeOf(value: unknown): FieldType | 'null' {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value as FieldType
}

/** Checks and normalises (enum casing) the properties of one object; collects errors in `data`. */
function checkFields(
  target: Json,
  fields: readonly FieldRule[],
  prefix: string,
  data: ErrorData
): void {
  for (const field of fields) {
    const path = prefix + field.name
    const value = target[field.name]
    if (value === undefined || value === null) {
      if (field.required) data[path] = [`The ${path} field is required.`]
      continue
    }
    if (typeOf(value) !== field.type) {
      data[path] = [`The field ${path} is invalid.`]
      continue
    }
    if (field.enum && typeof value === 'string') {
      // Enum values are matched case-insensitively and returned in canonical casing (§3.4).
      const canonical = field.enum.find((e) => e.toLowerCase() === value.toLowerCase())
      if (canonical === undefined) data[path] = [`The field ${path} is invalid (value '${value}').`]
      else target[field.name] = canonical
    }
    if (field.fields && Array.isArray(value)) {
      value.forEach((item, i) => {
        if (typeOf(item) !== 'object')
          data[`${path}[${i}]`] = [`The field ${path}[${i}] is invalid.`]
        else checkFields(item as Json, field.fields!, `${path}[${i}].`, data)
      })
    }
  }
}

/** Parses a request body; a 400 ICH50400 if it is not a JSON object. */
export function parseRequestBody(raw: string): Json {
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw badRequest('Request validation failed.', {
      body: ['The request body is not valid JSON.']
    })
  }
  if (typeOf(parsed) !== 'object')
    throw invalidField('body', 'The request body must be a JSON object.')
  return parsed as Json
}

/** The resourceType of a parsed body, whatever the casing of the property name. */
export const declaredResourceType = (body: Json): string =>
  String(Object.entries(body).find(([key]) => key.toLowerCase() === 'resourcetype')?.[1] ?? '')

/** Validates (and normalises enum casing of) a parsed body; a 400 ICH50400 naming the offending fields, as production does. */
export function validate(parsed: Json, table: RequestTable): Json {
  const body = canonicalise(parsed, table.fields, true)
  const data: ErrorData = {}
  checkFields(
    body,
    [{ name: 'resourceType', type: 'string', required: true, enum: table.resourceTypes }],
    '',
    data
  )
  checkFields(body, table.fields, '', data)
  if (Object.keys(data).length > 0) throw badRequest('Request validation failed.', data)
  return body
}

export const validateBody = (raw: string, table: RequestTable): Json =>
  validate(parseRequestBody(raw), table)
