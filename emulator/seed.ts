import type { EntraTokenEndpoint } from './entra/token-endpoint.js'
import { GITHUB_ISSUER } from './github-oidc.js'
import type { Offer } from './ingestion/model.js'
import type { OfferStore } from './ingestion/offers.js'
import type { IngestionDeps } from './ingestion/context.js'
import { packageSasUrl } from './ingestion/packages.js'
import { solidPng } from './png.js'
import { createSubmission } from './ingestion/submissions.js'
import { fullSubmissionRequest } from './scenario.js'

/** The sample app registration and offer every emulator starts with unless seed is 'empty'. */
export const SAMPLE: {
  tenantId: string
  clientId: string
  clientSecret: string
  offerId: 'contoso-app'
  plans: { standard: 'standard'; premium: 'premium' }
} = {
  tenantId: '4c6f7e2a-5b1d-4f3e-9a8c-0d2e1f3a4b5c',
  clientId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
  clientSecret: 'sample-client-secret-for-the-emulator',
  offerId: 'contoso-app',
  plans: { standard: 'standard', premium: 'premium' }
}

const SAMPLE_PUBLISHED_VERSION = '1.0.0'
/** Fixed, so the sample's URLs can be pasted (real product ids are GUIDs too). */
export const SAMPLE_PRODUCT_ID = '0b6f2c1e-7d4a-4e59-a3c8-5f1e2d9b7a60'
const LONG_AGO_MS = 30 * 24 * 3600 * 1000

/**
 * Registers the sample app (secret, plus a federated credential for the default GitHub subject)
 * and creates the sample offer: a managed-application plan, a solution-template plan, the
 * test-drive variant, version 1.0.0 published on both plans by an earlier submission.
 */
export function seedSample(
  store: OfferStore,
  entra: EntraTokenEndpoint,
  urls: Pick<IngestionDeps, 'baseUrl' | 'sas' | 'blobs'>,
  githubSubject: string,
  nowMs: number
): void {
  entra.registerApp({
    tenantId: SAMPLE.tenantId,
    clientId: SAMPLE.clientId,
    clientSecret: SAMPLE.clientSecret,
    federatedCredentials: [
      { issuer: GITHUB_ISSUER, subject: githubSubject, audience: 'api://AzureADTokenExchange' }
    ]
  })
  const offer = store.createProduct(
    {
      resourceType: 'AzureApplication',
      name: 'Contoso App',
      externalIDs: [{ type: 'AzureOfferId', value: SAMPLE.offerId }],
      isModularPublishing: true
    },
    SAMPLE_PRODUCT_ID
  )
  fillListing(offer)
  seedLogos(offer, store, urls, nowMs)
  fillPropertiesAndAudience(offer)
  const plans = [
    store.createVariant(offer, {
      resourceType: 'AzureSkuVariant',
      friendlyName: 'Standard',
      externalID: SAMPLE.plans.standard,
      subType: 'managed-application'
    }),
    store.createVariant(offer, {
      resourceType: 'AzureSkuVariant',
      friendlyName: 'Premium',
      externalID: SAMPLE.plans.premium,
      subType: 'solution-template'
    })
  ]
  store.createVariant(
    offer,
    { resourceType: 'AzureTestDriveVariant', friendlyName: 'Test drive' },
    'testdrive'
  )
  fillPlanDrafts(offer, String(plans[0].id), {
    listing: { summary: 'The managed Contoso App, run by Contoso.' },
    availability: {
      visibility: 'Public',
      marketStates: [
        { marketCode: 'US', state: 'Enabled' },
        { marketCode: 'DE', state: 'Enabled' },
        { marketCode: 'FR', state: 'Disabled' }
      ]
    }
  })
  fillPlanDrafts(offer, String(plans[1].id), {
    listing: { summary: 'Contoso App in your own subscription.' },
    availability: {
      visibility: 'Private',
      marketStates: [{ marketCode: 'US', state: 'Enabled' }],
      tenantAudiences: [{ ID: '5e2d1c0b-3a4f-4e5d-9c8b-7a6f5e4d3c2b', description: 'Fabrikam' }]
    }
  })

  const packageId = store.entities.newId()
  const fileName = `${SAMPLE.offerId}-${SAMPLE_PUBLISHED_VERSION}.zip`
  const blobPath = `/blob/${String(offer.product.id)}/pkgfile-${packageId}/${fileName}`
  const fileSasUri = packageSasUrl(urls, blobPath, 'rl', nowMs)
  offer.packages.set(packageId, {
    blobPath,
    uploadedAtMs: nowMs - LONG_AGO_MS,
    body: store.entities.stamp(
      { resourceType: 'AzureApplicationPackage', fileName, fileSasUri, state: 'Uploaded' },
      packageId
    )
  })
  for (const plan of plans) {
    for (const draft of offer.drafts.values()) {
      if (draft.variantID !== plan.id || draft.collection !== 'packageconfigurations') continue
      draft.body = store.entities.stamp(
        {
          ...draft.body,
          version: SAMPLE_PUBLISHED_VERSION,
          packageReferences: [{ type: 'AzureApplicationPackage', value: packageId }]
        },
        String(draft.body.id)
      )
    }
    offer.publishedVersions.set(String(plan.id), SAMPLE_PUBLISHED_VERSION)
  }
  const live = createSubmission(nowMs - LONG_AGO_MS, offer, fullSubmissionRequest(offer))
  live.pinned = { state: 'Published', substate: 'InStore' }
}

/**
 * The sample offer's listing, as a real offer's reads (§5.5; URI and contact shapes from the
 * recordings test_marketplace_offer_listing_uri and _contact): what `command: export` of the
 * sample writes (examples/exported/marketplace.yml).
 */
function fillListing(offer: Offer): void {
  const draft = [...offer.drafts.values()].find(
    (candidate) => candidate.collection === 'listings' && !candidate.variantID
  )
  if (!draft) return
  draft.body = {
    ...draft.body,
    title: 'Contoso App',
    summary: 'Deploy the Contoso web app and its database in minutes.',
    shortDescription: 'Contoso App on Azure: a web app, its database and monitoring.',
    description:
      '<p>Contoso App deploys a web app, an Azure SQL database and Application Insights.</p>\n' +
      '<ul><li>Zone-redundant storage</li><li>Private endpoints</li></ul>',
    gettingStartedInstructions: 'Open the web app URL from the deployment outputs and sign in.',
    keywords: ['contoso', 'web app'],
    listingUris: [
      {
        type: 'PrivacyUri',
        subtype: 'SubTypeUri',
        displayText: 'Privacy policy',
        uri: 'https://contoso.example/privacy'
      },
      {
        type: 'UsefulLink',
        subtype: 'SubTypeUri',
        displayText: 'Documentation',
        uri: 'https://contoso.example/docs'
      }
    ],
    listingContacts: [
      {
        type: 'CustomerSupport',
        email: 'support@contoso.example',
        name: 'Contoso Support',
        phone: '+1 425 555 0100',
        uri: 'https://contoso.example/support'
      },
      {
        type: 'Engineering',
        email: 'engineering@contoso.example',
        name: 'Contoso Engineering',
        phone: '+1 425 555 0101',
        uri: ''
      }
    ]
  }
}

/**
 * The sample offer's logos (§5.6), processed long ago under the names a person uploading them
 * in Partner Center gave them (not this action's hash names): what export downloads, and what a
 * publish of that export must recognise by content. One colour each, of each type's size.
 */
const CONTOSO_BLUE: [number, number, number] = [0, 120, 212]
const sampleLogo = (which: string, width: number, height: number) => ({
  type: `AzureLogo${which[0].toUpperCase()}${which.slice(1)}`,
  fileName: `contoso-logo-${which}.png`,
  png: solidPng(width, height, CONTOSO_BLUE)
})
export const SAMPLE_LOGOS = [
  sampleLogo('large', 216, 216),
  sampleLogo('medium', 90, 90),
  sampleLogo('small', 48, 48),
  sampleLogo('wide', 255, 115)
]

function seedLogos(
  offer: Offer,
  store: OfferStore,
  urls: Pick<IngestionDeps, 'baseUrl' | 'sas' | 'blobs'>,
  nowMs: number
): void {
  const listing = [...offer.drafts.values()].find(
    (candidate) => candidate.collection === 'listings' && !candidate.variantID
  )
  if (!listing) return
  for (const logo of SAMPLE_LOGOS) {
    const id = store.entities.newId()
    const blobPath = `/blob/${String(offer.product.id)}/image-${id}/${logo.fileName}`
    urls.blobs.seed(blobPath, logo.png)
    offer.images.set(id, {
      listingId: String(listing.body.id),
      blobPath,
      uploadedAtMs: nowMs - LONG_AGO_MS,
      body: store.entities.stamp(
        {
          resourceType: 'ListingImage',
          fileName: logo.fileName,
          type: logo.type,
          fileSasUri: packageSasUrl(urls, blobPath, 'rl', nowMs),
          state: 'Uploaded',
          order: 0
        },
        id
      )
    })
  }
}

/**
 * The sample offer's properties (§5.7; leveledCategories as in the S3 template) and preview
 * audience (§5.8: the PreviewMarketplaceGroup audience, S3).
 */
function fillPropertiesAndAudience(offer: Offer): void {
  for (const draft of offer.drafts.values()) {
    if (draft.variantID) continue
    if (draft.collection === 'properties') {
      draft.body = {
        ...draft.body,
        categories: ['developer-tools'],
        leveledCategories: { 'developer-tools': ['devops'] },
        industries: [],
        appVersion: '1.0.0',
        useEnterpriseContract: true
      }
    }
    if (draft.collection === 'productavailabilities') {
      draft.body = {
        ...draft.body,
        audiences: [
          {
            type: 'PreviewMarketplaceGroup',
            values: ['7c1f3b2a-9d4e-4f6a-8b0c-2e5d7a9f1b3c']
          }
        ],
        subscriptionAudiences: [
          { ID: '7c1f3b2a-9d4e-4f6a-8b0c-2e5d7a9f1b3c', description: 'Contoso test subscription' }
        ]
      }
    }
  }
}

/** Fills a sample plan's listing (§5.5) and feature availability (§5.9) drafts. */
function fillPlanDrafts(
  offer: Offer,
  variantId: string,
  fields: { listing: Record<string, unknown>; availability: Record<string, unknown> }
): void {
  for (const draft of offer.drafts.values()) {
    if (draft.variantID !== variantId) continue
    if (draft.collection === 'listings') draft.body = { ...draft.body, ...fields.listing }
    if (draft.collection === 'featureavailabilities')
      draft.body = { ...draft.body, ...fields.availability }
  }
}
