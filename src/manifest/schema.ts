/**
 * The JSON Schema of the manifest, the one source of truth. `npm run schema` generates from it
 * `schemas/marketplace.schema.json` for editors and `validate-manifest.generated.js`, the
 * validator Ajv compiles from it ahead of time (so the action neither loads Ajv's compiler nor
 * compiles at start-up); a test keeps both identical to what this schema generates. Each
 * `pattern` has an `errorMessage` in words: ajv-errors puts it in the compiled validator's
 * errors, and editors (the YAML and JSON language servers) show it instead of the expression.
 */
import { VERSION_PATTERN } from './version-rule.js'

const identifier = {
  type: 'string',
  // Partner Center IDs are 1 to 50 lower-case letters, digits, '-' and '_'; upper case is
  // tolerated because older offers may carry it, and the server is the judge of what exists.
  // (A pattern rather than minLength/maxLength keeps the compiled validator free of Ajv's runtime.)
  pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$',
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
  required: ['plans'],
  properties: {
    $schema: { type: 'string' },
    offer: {
      ...identifier,
      description: 'The offer ID shown in Partner Center. The action input offer-id overrides it.'
    },
    productId: {
      type: 'string',
      pattern: PRODUCT_GUID,
      errorMessage: 'must be a product GUID like 0f9b6c2e-4b1a-4f5e-9a51-3c1d2e4f5a6b.',
      description:
        "The offer's product GUID (in its Partner Center URL): finds the offer without looking it " +
        'up, for offers the product listing omits. The action input product-id overrides it.'
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
    plans: {
      type: 'array',
      minItems: 1,
      description: 'The plans that get a new package.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'package'],
        properties: {
          id: { ...identifier, description: 'The plan ID shown in Partner Center.' },
          package: {
            type: 'string',
            pattern: '.\\.zip$',
            errorMessage: 'must be the path of a .zip file, relative to the manifest.',
            description: 'Path of the package zip, relative to the manifest.'
          },
          version
        }
      }
    }
  }
} as const
