/**
 * The JSON Schema of the manifest, the one source of truth. `npm run schema` generates from it
 * `schemas/marketplace.schema.json` for editors and `validate-manifest.generated.js`, the
 * validator Ajv compiles from it ahead of time (so the action neither loads Ajv's compiler nor
 * compiles at start-up); a test keeps both identical to what this schema generates. Each
 * `pattern` has an `errorMessage` in words: ajv-errors puts it in the compiled validator's
 * errors, and editors (the YAML and JSON language servers) show it instead of the expression.
 */
import {
  LOGO_KINDS,
  MAX_IMAGE_BYTES,
  MAX_SCREENSHOTS,
  SCREENSHOT_KIND
} from '../images/requirements.js'
import { VERSION_PATTERN } from './version-rule.js'

/**
 * Partner Center IDs (offer, plan) are 1 to 50 lower-case letters, digits, '-' and '_'; upper
 * case is tolerated because older offers may carry it, and the server is the judge of what exists.
 */
export const IDENTIFIER_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$'

const identifier = {
  type: 'string',
  // (A pattern rather than minLength/maxLength keeps the compiled validator free of Ajv's runtime.)
  pattern: IDENTIFIER_PATTERN,
  errorMessage: 'must be 1 to 50 letters, digits, "-" and "_", starting with a letter or digit.'
} as const

/** A product GUID, as in the offer's Partner Center URL (reference §3.5, §9.18). */
export const PRODUCT_GUID =
  '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$'

const version = {
  type: 'string',
  // Partner Center wants a three-part numeric version for a technical configuration.
  pattern: VERSION_PATTERN,
  errorMessage:
    'must be three numbers like "1.2.3", quoted in YAML so it stays text: version: "1.2.3".',
  description: 'Technical configuration version, three numbers: 1.2.3. Quote it in YAML.'
} as const

/**
 * Text of at most `max` characters (Unicode code points: Ajv's patterns run with the `u` flag).
 * A pattern rather than maxLength keeps the compiled validator free of Ajv's runtime.
 */
function text(max: number, description: string, { required = false } = {}) {
  return {
    type: 'string',
    pattern: required ? `^(?=[\\s\\S]*\\S)[\\s\\S]{1,${max}}$` : `^[\\s\\S]{0,${max}}$`,
    errorMessage: required
      ? `must be text of 1 to ${max} characters, not blank.`
      : `must be at most ${max} characters.`,
    description
  } as const
}

const httpsUrl = (description: string) =>
  ({
    type: 'string',
    pattern: '^https?://[^\\s/]+\\S{0,2040}$',
    errorMessage:
      'must be a web address starting with https:// (or http://; at most 2048 characters).',
    description
  }) as const

const email = {
  type: 'string',
  pattern: '^[^\\s@]{1,64}@[^\\s@]{1,189}\\.[^\\s@]{1,63}$',
  errorMessage: 'must be an email address like support@contoso.com.',
  description: 'Email address.'
} as const

/** A listing contact (§5.5 listingContacts): Partner Center asks for name, email and phone. */
const contact = (what: string, withUrl: boolean) =>
  ({
    type: 'object',
    additionalProperties: false,
    required: ['name', 'email', 'phone'],
    description: what,
    properties: {
      name: text(200, 'Contact name.', { required: true }),
      email,
      phone: {
        type: 'string',
        pattern: '^[0-9+()\\-. ]{1,50}$',
        errorMessage: 'must be a phone number: digits, spaces and + ( ) - . (at most 50).',
        description: 'Phone number.'
      },
      ...(withUrl ? { url: httpsUrl('Support website.') } : {})
    }
  }) as const

/** An image file named by its path relative to the manifest; checked locally (engine/check/images.ts). */
const imageFile = (description: string) =>
  ({
    type: 'string',
    pattern: '^[^\\r\\n]{1,1024}$',
    errorMessage: 'must be the path of a PNG file, relative to the manifest.',
    description
  }) as const

const logo = (which: keyof typeof LOGO_KINDS, what: string) => {
  const { width, height, type } = LOGO_KINDS[which]
  return imageFile(
    `${what}: a PNG of exactly ${width}×${height} pixels, at most ${MAX_IMAGE_BYTES / 1024 / 1024} MiB ` +
      `(ListingImage type ${type}, reference §5.6; Learn: logos are PNG files).`
  )
}

/**
 * The listing's images (§5.6), files in the repository. Sizes and types: src/images/requirements.ts
 * (reference §5.6; Microsoft Learn, "Configure Azure application offer listing details",
 * Marketplace media). Each is uploaded once, under a name carrying a hash of its content.
 */
const listingImages = {
  type: 'object',
  additionalProperties: false,
  description:
    'Logos and screenshots, as paths relative to the manifest. A logo left out stays as it is; ' +
    'a logo changed replaces the old one once the new one is processed.',
  properties: {
    logos: {
      type: 'object',
      additionalProperties: false,
      required: ['large'],
      description: 'The offer logos (Learn: the large logo is required).',
      properties: {
        large: logo('large', 'Large logo (required)'),
        small: logo('small', 'Small logo'),
        medium: logo('medium', 'Medium logo'),
        wide: logo('wide', 'Wide logo')
      }
    },
    screenshots: {
      type: 'array',
      maxItems: MAX_SCREENSHOTS,
      description:
        `Screenshots in display order (Learn: up to ${MAX_SCREENSHOTS}), each a PNG of exactly ` +
        `${SCREENSHOT_KIND.width}×${SCREENSHOT_KIND.height} pixels. Listed, they replace the ` +
        "offer's screenshots.",
      items: imageFile('A screenshot.')
    }
  }
} as const

/**
 * The offer listing in one language (§5.5 AzureListing). Limits from Microsoft Learn: name at
 * most 200 characters ("Configure virtual machine / Azure application offer listing details",
 * Name); search results summary at most 100 (certification policy 100.1.2; "Configure SaaS offer
 * listing details"); description at most 5,000 characters including HTML markup, getting
 * started instructions at most 3,000, at most three search keywords (the same Learn page).
 * Short description (256), keyword length (50) and useful links (25) follow the limits the
 * Partner Center form enforces and are not stated by those pages: see the README's limitations.
 */
const listingLanguage = {
  type: 'object',
  additionalProperties: false,
  description: "The offer's listing in this language; a field left out stays as it is.",
  properties: {
    name: text(200, 'Offer name shown in the marketplace (Learn: at most 200 characters).', {
      required: true
    }),
    summary: text(
      100,
      'Search results summary (Learn, certification policy 100.1.2: at most 100 characters).'
    ),
    shortDescription: text(256, 'Short description on the offer page (at most 256 characters).'),
    description: text(
      5000,
      'Description; Partner Center allows a subset of HTML (Learn: at most 5,000 characters, markup included).'
    ),
    gettingStarted: text(3000, 'Getting started instructions (Learn: at most 3,000 characters).'),
    keywords: {
      type: 'array',
      maxItems: 3,
      description: 'Search keywords (Learn: at most three), each at most 50 characters.',
      items: text(50, 'A search keyword.', { required: true })
    },
    privacyUrl: httpsUrl(
      "Your privacy policy's web address (required by Partner Center to publish)."
    ),
    links: {
      type: 'array',
      maxItems: 25,
      description: 'Useful links (name and address); listed, they replace the existing ones.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'url'],
        properties: {
          name: text(255, 'The link text.', { required: true }),
          url: httpsUrl('The link address.')
        }
      }
    },
    contacts: {
      type: 'object',
      additionalProperties: false,
      description: 'Support and engineering contacts; a contact left out stays as it is.',
      properties: {
        support: contact('Customer support contact, with the support website.', true),
        engineering: contact('Engineering contact.', false)
      }
    },
    images: listingImages
  }
} as const

/** A category or industry id as Partner Center's API spells them (`developer-tools`) [I]. */
const slug = {
  type: 'string',
  pattern: '^[a-z0-9][a-z0-9-]{0,99}$',
  errorMessage: 'must be an id in lower case with "-", like developer-tools.'
} as const

/**
 * The offer's properties (§5.7). Limits from Microsoft Learn, "Configure Azure application offer
 * properties" and the same page for SaaS and VM offers: one or two categories, up to two
 * subcategories each; up to two industries.
 */
const properties = {
  type: 'object',
  additionalProperties: false,
  description: "The offer's properties (§5.7). A field left out stays as it is in Partner Center.",
  properties: {
    categories: {
      type: 'object',
      minProperties: 1,
      maxProperties: 2,
      propertyNames: slug,
      additionalProperties: { type: 'array', maxItems: 2, items: slug },
      description:
        'Category → up to two subcategories (Learn: one or two categories, up to two subcategories each).'
    },
    industries: {
      type: 'array',
      maxItems: 2,
      items: slug,
      description: 'Industries (Learn: up to two).'
    },
    appVersion: text(50, 'App version shown in the marketplace.'),
    standardContract: {
      type: 'boolean',
      description: "Use the Standard Contract for Microsoft's commercial marketplace."
    },
    termsOfUse: text(10000, 'Your own terms of use: text, or the address of a page.')
  }
} as const

const GUID_PATTERN = '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$'

/**
 * The preview audience (§5.8): Azure subscription IDs. Learn ("Configure Azure application offer
 * preview audience"): up to 10 entered by hand, up to 100 by CSV import; the API limit is not
 * documented, so 100.
 */
const previewAudience = {
  type: 'array',
  maxItems: 100,
  description:
    'The preview audience: Azure subscription IDs (Learn: up to 100). Listed, it replaces the ' +
    'audience in Partner Center; left out, the audience stays as it is.',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['subscription'],
    properties: {
      subscription: {
        type: 'string',
        pattern: GUID_PATTERN,
        errorMessage: 'must be an Azure subscription ID (a GUID).',
        description: 'Azure subscription ID.'
      },
      description: text(255, 'Who it is, for your own reference.')
    }
  }
} as const

/**
 * A plan's listing (§5.5, plan level). The plan name and summary limits mirror the offer's
 * (200, 100); the description's (3,000) is the Partner Center form's, not stated by Learn.
 */
const planListing = {
  type: 'object',
  additionalProperties: false,
  description: "The plan's listing; a field left out stays as it is.",
  properties: {
    name: text(200, 'Plan name (at most 200 characters).', { required: true }),
    summary: text(100, 'Plan summary (at most 100 characters).'),
    description: text(3000, 'Plan description (at most 3,000 characters).')
  }
} as const

/** A plan's availability (§5.9 FeatureAvailability). */
const planAvailability = {
  type: 'object',
  additionalProperties: false,
  description: "The plan's availability; a field left out stays as it is.",
  properties: {
    markets: {
      type: 'array',
      minItems: 1,
      maxItems: 141,
      uniqueItems: true,
      description:
        'Markets (two-letter ISO 3166 codes, as marketStates[].marketCode, §5.9) the plan is ' +
        'sold in; the markets not listed are disabled (Learn, "Configure a managed application ' +
        'plan": at least 1, at most 141).',
      items: {
        type: 'string',
        pattern: '^[A-Za-z]{2}$',
        errorMessage: 'must be a two-letter market code like US or DE.'
      }
    },
    visibility: {
      type: 'string',
      enum: ['public', 'private'],
      description: 'public, or private: only the private audience sees the plan.'
    },
    privateAudience: {
      type: 'array',
      maxItems: 10000,
      description:
        'Who sees a private plan: Azure subscription or Entra tenant IDs. Listed, it replaces the audience.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'type'],
        properties: {
          id: {
            type: 'string',
            pattern: GUID_PATTERN,
            errorMessage: 'must be a subscription or tenant ID (a GUID).'
          },
          type: { type: 'string', enum: ['subscription', 'tenant'] },
          description: text(255, 'Who it is, for your own reference.')
        }
      }
    },
    hidden: {
      type: 'boolean',
      description: 'Hidden plans are deployable only through a link, not found by search.'
    }
  }
} as const

/**
 * A plan's kind, as Partner Center's variant `subType` spells it (§5.4): set, a plan the offer
 * does not have yet is created with it.
 */
export const PLAN_KINDS = ['solution-template', 'managed-application'] as const

/**
 * What a managed-application plan needs in its technical configuration before it can be
 * published (§5.11 AzureManagedApplicationPackageConfiguration: publicAzureTenantID,
 * publicAzureAuthorizations[{principalID, roleDefinitionID}], allowJitAccess, deploymentMode).
 * Learn, "Configure a managed application plan" (technical configuration): the Microsoft Entra
 * tenant ID and at least one authorization (principal ID and role definition) are required; a
 * role definition is given by Partner Center's form as a built-in role, which the API takes as
 * a name (`Owner`) or a GUID (§5.11; which one it requires is open, §11 question 5). At most 100
 * authorizations: the form's limit as recalled, not confirmed by the pages at hand [I].
 */
const managedApplication = {
  type: 'object',
  additionalProperties: false,
  required: ['tenantId', 'authorizations'],
  description:
    "A new managed-application plan: who manages the customer's managed resource group " +
    '(written to the technical configuration with its first package; §5.11).',
  properties: {
    tenantId: {
      type: 'string',
      pattern: GUID_PATTERN,
      errorMessage: 'must be your Microsoft Entra tenant ID (a GUID).',
      description: 'The Microsoft Entra tenant ID of the authorizations (publicAzureTenantID).'
    },
    authorizations: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      description:
        'Users, groups or apps granted a role on the managed resource group (Learn: at least one).',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['principalId', 'roleDefinitionId'],
        properties: {
          principalId: {
            type: 'string',
            pattern: GUID_PATTERN,
            errorMessage: 'must be the Microsoft Entra object ID (a GUID) of a user, group or app.',
            description: 'Object ID of the user, group or app.'
          },
          roleDefinitionId: {
            type: 'string',
            pattern: `^(?:${GUID_PATTERN.slice(1, -1)}|[A-Za-z][A-Za-z ]{1,63})$`,
            errorMessage:
              'must be a built-in role: its GUID, or its name like Owner or Contributor.',
            description: 'The role: a built-in role definition GUID or name (Owner, Contributor).'
          }
        }
      }
    },
    jitAccess: {
      type: 'boolean',
      description: 'Just-in-time access to the managed resource group (allowJitAccess).'
    },
    deploymentMode: {
      type: 'string',
      enum: ['Incremental', 'Complete'],
      description: 'How the package is deployed (deploymentMode, §5.11). Default: Incremental.'
    }
  }
} as const

/** Where the published schema lives: schemas/marketplace.schema.json at the v1 tag. */
export const SCHEMA_URL =
  'https://raw.githubusercontent.com/partner-center-publish/action/v1/schemas/marketplace.schema.json'

export const manifestSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  // The address users paste into `# yaml-language-server: $schema=…`: this file, in this
  // repository, at the major version's tag, so that it changes only with the action's v1.
  $id: SCHEMA_URL,
  title: 'Partner Center publish manifest',
  description: 'Which Azure Application offer to publish, with which plans, packages and versions.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    offer: {
      ...identifier,
      description:
        'The offer ID shown in Partner Center. The offer-id input (--offer-id on the command line) overrides it.'
    },
    productId: {
      type: 'string',
      pattern: PRODUCT_GUID,
      errorMessage: 'must be a product GUID like 0f9b6c2e-4b1a-4f5e-9a51-3c1d2e4f5a6b.',
      description:
        "The offer's product GUID (in its Partner Center URL): finds the offer without looking it " +
        'up, for offers the product listing omits. The product-id input (--product-id on the command line) overrides it.'
    },
    version: {
      ...version,
      description: 'Version for every plan without its own. Default: the release tag (v1.2.3).'
    },
    preflight: {
      type: 'object',
      additionalProperties: false,
      description:
        "The pre-flight of the packages' templates (the ARM Template Test Toolkit's rules).",
      properties: {
        skip: {
          type: 'array',
          description: 'Rules not to apply, by name, each with the reason, which is printed.',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['rule', 'reason'],
            properties: {
              rule: {
                type: 'string',
                pattern: '\\S',
                errorMessage: 'must be the name of a pre-flight rule, not blank.',
                description: 'The rule (test) name.'
              },
              reason: {
                type: 'string',
                pattern: '\\S',
                errorMessage: 'must be a reason in words, not blank.',
                description: 'Why it does not apply.'
              }
            }
          }
        }
      }
    },
    listing: {
      type: 'object',
      additionalProperties: false,
      description:
        'The offer listing per language (§5.5). What is left out stays as it is in Partner Center. ' +
        'Azure Application offers are listed in English (en-us) only.',
      properties: { 'en-us': listingLanguage }
    },
    properties,
    previewAudience,
    plans: {
      type: 'array',
      minItems: 1,
      description:
        'The plans: each with a new package, its listing or its availability. Leave it out to ' +
        'change only the offer.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: {
          id: {
            ...identifier,
            description:
              'The plan ID shown in Partner Center. A new plan\'s (Learn, "Create plans for an ' +
              'Azure application offer"): up to 50 lower-case letters, digits, "-" and "_".'
          },
          package: {
            type: 'string',
            pattern: '.\\.zip$',
            errorMessage: 'must be the path of a .zip file, relative to the manifest.',
            description: 'Path of the package zip, relative to the manifest.'
          },
          version,
          listing: planListing,
          availability: planAvailability,
          kind: {
            type: 'string',
            enum: PLAN_KINDS,
            description:
              'The plan type (§5.4 subType). Set, a plan the offer does not have is created: a ' +
              'new plan also needs `package`, and a managed application `managedApplication`.'
          },
          managedApplication
        },
        // A managed application needs its technical configuration's authorizations (§5.11).
        if: { properties: { kind: { const: 'managed-application' } }, required: ['kind'] },
        then: {
          properties: { managedApplication: { type: 'object' } },
          required: ['managedApplication']
        }
      }
    }
  }
} as const
