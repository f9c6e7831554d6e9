import { newGuid } from '../ids.js'
import { Entities, offerIdOf, type DraftCollection, type Json, type Offer } from './model.js'

/** Package configuration resourceType per plan subType (§5.11). */
const CONFIGURATION_TYPE_BY_SUBTYPE: Record<string, string> = {
  'managed-application': 'AzureManagedApplicationPackageConfiguration',
  'solution-template': 'AzureSolutionTemplatePackageConfiguration'
}

/** All offers of the emulator, and the rules for what a new product or plan brings with it. */
export class OfferStore {
  readonly offers = new Map<string, Offer>()

  /**
   * @param planConfigurationType the resourceType every new plan's technical configuration gets
   *   (the 2026 service, §9.19); undefined: by plan subType, as the classic service (§5.11).
   */
  constructor(
    readonly entities: Entities,
    private readonly planConfigurationType?: string
  ) {}

  byProductId(productId: string): Offer | undefined {
    return this.offers.get(productId.toLowerCase())
  }

  byOfferId(offerId: string): Offer | undefined {
    return [...this.offers.values()].find(
      (o) => offerIdOf(o)?.toLowerCase() === offerId.toLowerCase()
    )
  }

  /**
   * Creates a product with its offer-level branches, each holding one draft resource (§10):
   * Listing, Property, Availability, Package and ResellerConfiguration.
   */
  createProduct(body: Json, id = newGuid()): Offer {
    const product = this.entities.stamp(
      {
        resourceType: body.resourceType,
        name: body.name,
        externalIDs: body.externalIDs,
        isModularPublishing: body.isModularPublishing ?? true
      },
      id
    )
    // Products carry no etag in any recorded response (§5.1).
    delete product['@odata.etag']
    const offer: Offer = {
      product,
      variants: [],
      branches: [],
      drafts: new Map(),
      packages: new Map(),
      images: new Map(),
      // The reseller draft id equals {productId}-ResellerInstance (§5.12, question 9 of §11).
      reseller: this.entities.stamp(
        { resourceType: 'ResellerConfiguration', resellerChannelState: 'Disabled', tenantIds: [] },
        `${id}-ResellerInstance`
      ),
      submissions: [],
      publishedVersions: new Map()
    }
    this.offers.set(id.toLowerCase(), offer)
    this.addDraft(offer, 'Listing', 'listings', this.initialListing(String(body.name)))
    this.addDraft(offer, 'Property', 'properties', {
      resourceType: 'AzureProperty',
      industries: [],
      categories: [],
      leveledCategories: {},
      appVersion: '',
      useEnterpriseContract: false
    })
    this.addDraft(offer, 'Availability', 'productavailabilities', {
      resourceType: 'ProductAvailability',
      visibility: 'Public',
      enterpriseLicensing: 'Online',
      audiences: []
    })
    this.addDraft(offer, 'Package', 'packageconfigurations', {
      resourceType: 'AzureApplicationPackageConfiguration',
      azureActiveDirectoryTenantID: '',
      azureActiveDirectoryApplicationID: ''
    })
    offer.branches.push({
      module: 'ResellerConfiguration',
      currentDraftInstanceID: `${id}-ResellerInstance`
    })
    return offer
  }

  /** Creates a plan; its plan-level branches appear at once (Listing, Availability, Package). */
  createVariant(offer: Offer, body: Json, id = newGuid()): Json {
    const isTestDrive = body.resourceType === 'AzureTestDriveVariant'
    const subType = isTestDrive
      ? undefined
      : ((body.subType as string | undefined) ??
        // Without SubType, an AzureApplication plan comes back as solution-template (§5.4).
        (offer.product.resourceType === 'AzureApplication' ? 'solution-template' : undefined))
    const variant = this.entities.stamp(
      {
        resourceType: body.resourceType,
        state: body.state ?? 'Active',
        friendlyName: body.friendlyName,
        ...(isTestDrive
          ? {}
          : {
              conversionPaths: body.conversionPaths ?? '*',
              externalID: body.externalID,
              certificationsAzureGovernment: [],
              cloudAvailabilities: body.cloudAvailabilities ?? ['public-azure']
            }),
        ...(subType ? { subType } : {}),
        extendedProperties: body.extendedProperties ?? []
      },
      id
    )
    offer.variants.push(variant)
    this.addDraft(offer, 'Listing', 'listings', this.initialListing(String(body.friendlyName)), id)
    if (!isTestDrive) {
      this.addDraft(
        offer,
        'Availability',
        'featureavailabilities',
        {
          resourceType: 'FeatureAvailability',
          visibility: 'Public',
          marketStates: [],
          priceSchedules: [],
          subscriptionAudiences: [],
          tenantAudiences: []
        },
        id
      )
    }
    this.addDraft(
      offer,
      'Package',
      'packageconfigurations',
      this.initialConfiguration(subType, isTestDrive),
      id
    )
    return variant
  }

  deleteVariant(offer: Offer, variantId: string): boolean {
    const index = offer.variants.findIndex((v) => v.id === variantId)
    if (index < 0) return false
    offer.variants.splice(index, 1)
    offer.branches = offer.branches.filter((b) => b.variantID !== variantId)
    for (const [id, draft] of offer.drafts)
      if (draft.variantID === variantId) offer.drafts.delete(id)
    return true
  }

  /** A new listing, as recorded for both offers and plans (§5.5): the title is the name. */
  private initialListing(title: string): Json {
    return {
      resourceType: 'AzureListing',
      listingUris: [],
      listingContacts: [],
      gettingStartedInstructions: '',
      languageCode: 'en-us',
      title,
      keywords: []
    }
  }

  private initialConfiguration(subType: string | undefined, isTestDrive: boolean): Json {
    if (isTestDrive) return { resourceType: 'AzureResourceManagerTestDrivePackageConfiguration' }
    const resourceType =
      this.planConfigurationType ??
      CONFIGURATION_TYPE_BY_SUBTYPE[subType ?? ''] ??
      'AzureSolutionTemplatePackageConfiguration'
    const managedExtras =
      resourceType === 'AzureManagedApplicationPackageConfiguration'
        ? {
            allowJitAccess: false,
            canEnableCustomerActions: false,
            allowedCustomerActions: [],
            allowedDataActions: [],
            publicAzureTenantID: '',
            publicAzureAuthorizations: [],
            policies: [],
            deploymentMode: 'Incremental',
            publisherManagementMode: 'Managed',
            customerAccessEnableState: 'Disabled'
          }
        : {}
    return { resourceType, version: '', packageReferences: [], ...managedExtras }
  }

  /** Adds a branch of `module` whose draft holds one resource of `collection`. */
  addDraft(
    offer: Offer,
    module: string,
    collection: DraftCollection,
    body: Json,
    variantID?: string
  ): string {
    const instanceID = newGuid()
    offer.branches.push({
      module,
      currentDraftInstanceID: instanceID,
      ...(variantID ? { variantID } : {})
    })
    const id = newGuid()
    offer.drafts.set(id, { collection, instanceID, variantID, body: this.entities.stamp(body, id) })
    return id
  }
}
