import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { ErrorObject } from 'ajv'
import {
  isMap,
  isPair,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type Scalar
} from 'yaml'
import { manifestSchema } from './schema.js'
import { explainYamlError } from './yaml-errors.js'
import validate from './validate-manifest.generated.js'
import { describeBadVersion } from './version-rule.js'
import { ManifestError, type ManifestProblem } from './manifest-error.js'
import { findDuplicates } from './duplicates.js'
import { naming, words } from '../naming.js'

export { ManifestError, type ManifestProblem }

/** A plan's listing (§5.5, plan level): name, summary, description. */
export interface ManifestPlanListing {
  name?: string
  summary?: string
  description?: string
}

/** One tenant or subscription of a private plan's audience (§5.9). */
export interface ManifestPrivateAudience {
  id: string
  type: 'subscription' | 'tenant'
  description?: string
}

/** A plan's availability (§5.9): markets, public or private, its private audience, hidden. */
export interface ManifestPlanAvailability {
  /** Market codes where the plan is sold; listed, the others are disabled. */
  markets?: string[]
  visibility?: 'public' | 'private'
  privateAudience?: ManifestPrivateAudience[]
  hidden?: boolean
}

/** A plan's type, as Partner Center's variant subType spells it (§5.4). */
export type PlanKind = 'solution-template' | 'managed-application'

/**
 * What a new managed-application plan's technical configuration needs (§5.11): the Entra
 * tenant and the authorizations on the customer's managed resource group.
 */
export interface ManifestManagedApplication {
  tenantId: string
  authorizations: { principalId: string; roleDefinitionId: string }[]
  jitAccess?: boolean
  deploymentMode?: 'Incremental' | 'Complete'
}

/** A plan of the manifest, as written. */
export interface ManifestPlan {
  id: string
  /** Set: a plan the offer does not have is created with this type. */
  kind?: PlanKind
  /** A new managed-application plan's technical configuration (required with that kind). */
  managedApplication?: ManifestManagedApplication
  /** Path as written, relative to the manifest's folder; none: the plan gets no new package. */
  package?: string
  version?: string
  listing?: ManifestPlanListing
  availability?: ManifestPlanAvailability
}

/** A pre-flight rule the manifest turns off, and why. */
export interface SkippedRule {
  rule: string
  reason: string
}

/** A listing contact in the manifest (§5.5 listingContacts). */
export interface ManifestContact {
  name: string
  email: string
  phone: string
  /** Support website (support contact only). */
  url?: string
}

/**
 * The offer listing in one language, with the manifest's field names; every field is optional,
 * and one left out stays as it is in Partner Center. Limits: schema.ts.
 */
export interface ManifestListing {
  name?: string
  summary?: string
  shortDescription?: string
  description?: string
  gettingStarted?: string
  keywords?: string[]
  privacyUrl?: string
  links?: { name: string; url: string }[]
  contacts?: { support?: ManifestContact; engineering?: ManifestContact }
  images?: ManifestImages
}

/**
 * A listing's images (§5.6): paths relative to the manifest. Requirements per kind:
 * src/images/requirements.ts.
 */
export interface ManifestImages {
  logos?: { large: string; small?: string; medium?: string; wide?: string }
  screenshots?: string[]
}

/** Where a value is in the manifest file (1-based), for messages pinned on its line. */
export interface ManifestPosition {
  line: number
  column: number
}

/** The offer's properties (§5.7); every field optional, one left out stays as it is. */
export interface ManifestProperties {
  /** Category → its subcategories. */
  categories?: Record<string, string[]>
  industries?: string[]
  appVersion?: string
  /** Use the Standard Contract for Microsoft's commercial marketplace. */
  standardContract?: boolean
  termsOfUse?: string
}

/** One Azure subscription of the preview audience (§5.8). */
export interface ManifestPreviewAudience {
  subscription: string
  description?: string
}

export interface Manifest {
  offer?: string
  /** The offer's product GUID: skips the lookup by offer ID. */
  productId?: string
  version?: string
  /** The offer listing per language code (`en-us`). */
  listing?: Record<string, ManifestListing>
  properties?: ManifestProperties
  /** The preview audience: listed, it replaces the one in Partner Center. */
  previewAudience?: ManifestPreviewAudience[]
  /** The plans that get a package; empty when the manifest names none. */
  plans: ManifestPlan[]
  preflight?: { skip?: SkippedRule[] }
  /** Absolute path of the manifest file. */
  file: string
  /**
   * Where each image path is written, by its YAML path (`listing.en-us.images.logos.large`,
   * `listing.en-us.images.screenshots.0`): the local image checks name the line.
   */
  imagePositions?: Record<string, ManifestPosition>
}

/**
 * The path to show for a file: relative to `workspace` (the repository root, GITHUB_WORKSPACE)
 * when it is inside it, as GitHub needs for annotations and as users read it; else absolute.
 */
export function shownPath(absolute: string, workspace: string): string {
  const relative = path.relative(workspace, absolute)
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute
}

/**
 * Reads a YAML or JSON manifest (JSON is YAML) and validates it against the schema. `file` is
 * resolved from the current directory; messages show it relative to `workspace`.
 * @throws ManifestError when it is missing, unreadable, not YAML or not valid.
 */
export async function loadManifest(
  file: string,
  workspace: string = process.cwd()
): Promise<Manifest> {
  const absolute = path.resolve(file)
  const shown = shownPath(absolute, workspace)
  let text: string
  try {
    text = await readFile(absolute, 'utf8')
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : String(error)
    throw new ManifestError([
      {
        file: shown,
        message:
          `The manifest ${shown} ${reason}. Create it (see the README's "Manifest" section) or ` +
          `set ${naming().theInput('manifest')} to its path relative to ${words().root}.`
      }
    ])
  }
  return parseManifest(text, absolute, shown)
}

/**
 * Parses and validates a manifest's text. `file` is its absolute path (package paths resolve
 * from its folder), `shown` the path messages name.
 * @throws ManifestError with every problem found, each with its line and column.
 */
export function parseManifest(text: string, file: string, shown: string = file): Manifest {
  const lines = new LineCounter()
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  const at = (offset: number | undefined, message: string): ManifestProblem => {
    if (offset === undefined) return { file: shown, message }
    const { line, col } = lines.linePos(offset)
    return { file: shown, line, column: col, message }
  }
  if (document.errors.length > 0) {
    const { line, column, message } = explainYamlError(document.errors[0], text)
    throw new ManifestError([{ file: shown, line, column, message }])
  }
  let data: unknown
  try {
    // toJS throws on what parsing lets through: an alias to an anchor set later or nowhere, an
    // alias expansion over the library's limit (found by the manifest fuzz test).
    data = document.toJS()
  } catch (error) {
    throw new ManifestError([
      { file: shown, message: `not valid YAML: ${(error as Error).message}` }
    ])
  }
  if (!validate(data)) {
    throw new ManifestError(
      (validate.errors ?? [])
        // An `if` failing only says its `then` did; the `then`'s own error says what is missing.
        .filter((error) => error.keyword !== 'if')
        .map((error) => at(offsetOf(document, error), describe(error, document)))
    )
  }
  const duplicates = findDuplicates(data)
  if (duplicates.length > 0) {
    throw new ManifestError(
      duplicates.map(({ at: where, message }) =>
        at((document.getIn(where, true) as Node | undefined)?.range?.[0], message)
      )
    )
  }
  const manifest = { plans: [], ...(data as Partial<Omit<Manifest, 'file'>>) }
  const seen = new Set<string>()
  manifest.plans.forEach((plan, index) => {
    const key = plan.id.toLowerCase()
    if (seen.has(key)) {
      const node = document.getIn(['plans', index, 'id'], true) as Node | undefined
      throw new ManifestError([
        at(node?.range?.[0], `plan "${plan.id}" is listed twice; list each plan once.`)
      ])
    }
    seen.add(key)
    const problem = newPlanProblem(plan)
    if (problem) {
      const node = document.getIn(['plans', index, problem.field], true) as Node | undefined
      throw new ManifestError([at(node?.range?.[0], problem.message)])
    }
  })
  const positions = imagePositions(document, lines)
  return {
    ...manifest,
    file,
    ...(Object.keys(positions).length > 0 && { imagePositions: positions })
  }
}

/** The line and column of every image path under `listing.<language>.images`. */
function imagePositions(document: Document, lines: LineCounter): Record<string, ManifestPosition> {
  const positions: Record<string, ManifestPosition> = {}
  const visit = (node: unknown, at: string[]): void => {
    if (isMap(node) || isSeq(node)) {
      node.items.forEach((item, index) => {
        if (isPair(item)) visit(item.value, [...at, String((item.key as Scalar).value)])
        else visit(item, [...at, String(index)])
      })
      return
    }
    const start = (node as Node | null)?.range?.[0]
    if (start === undefined) return
    const { line, col } = lines.linePos(start)
    positions[at.join('.')] = { line, column: col }
  }
  const listing = document.get('listing', true)
  if (!isMap(listing)) return positions
  for (const pair of listing.items) {
    const language = String((pair.key as Scalar).value)
    const images = isMap(pair.value) ? pair.value.get('images', true) : undefined
    if (images) visit(images, ['listing', language, 'images'])
  }
  return positions
}

/**
 * What the schema cannot say about a plan that may be created: Partner Center takes a new
 * plan's ID in lower case only (Learn, "Create plans for an Azure application offer": up to 50
 * lower-case letters, digits, dashes and underscores), and `managedApplication` belongs to a
 * managed-application plan.
 */
function newPlanProblem(plan: ManifestPlan): { field: string; message: string } | undefined {
  if (plan.kind && plan.id !== plan.id.toLowerCase()) {
    return {
      field: 'id',
      message:
        `plans: "${plan.id}" has a kind, so it is created if the offer does not have it, and ` +
        `Partner Center takes a new plan ID in lower case only: write "${plan.id.toLowerCase()}".`
    }
  }
  if (plan.managedApplication && plan.kind !== 'managed-application') {
    return {
      field: 'managedApplication',
      message:
        'managedApplication is the technical configuration of a managed-application plan: add ' +
        '`kind: managed-application` to the plan, or remove managedApplication.'
    }
  }
  return undefined
}

/** The YAML path of the value an Ajv error is about. */
function pathOf(error: ErrorObject): (string | number)[] {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((key) => (/^\d+$/.test(key) ? Number(key) : key))
}

/** The position of the value an Ajv error is about, so the message can point at a line. */
function offsetOf(document: Document, error: ErrorObject): number | undefined {
  let node = document.getIn(pathOf(error), true) as Node | undefined
  if (error.keyword === 'additionalProperties') {
    // Point at the unknown key itself, not at the object that holds it.
    const extra = (error.params as { additionalProperty: string }).additionalProperty
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown })?.value === extra)
      node = (pair?.key as Node | undefined) ?? node
    }
  }
  return (node ?? (document.contents as Node | null) ?? undefined)?.range?.[0]
}

function describe(error: ErrorObject, document: Document): string {
  const field = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'manifest'
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty: string }).additionalProperty
      const allowed = Object.keys(propertiesAt(error.schemaPath)).join(', ')
      return `unknown field "${extra}" in ${field}; allowed fields are ${allowed}.`
    }
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty
      return `${field} needs "${missing}".`
    }
    case 'errorMessage': {
      // A version written as text gets the one version rule's message, with the value, so a
      // "v1.2.3" gets the same advice as the version input (version-rule.ts); a YAML number
      // gets the schema's words, which say to quote it.
      const value = document.getIn(pathOf(error))
      if (field.endsWith('version') && typeof value === 'string') {
        return describeBadVersion(field, value)
      }
      // A value of the wrong type (a list or a number where text goes) is told as such: the
      // schema's words describe a pattern, and "at most 100 characters" would mislead.
      const wrongType = (error.params as { errors?: ErrorObject[] }).errors?.find(
        (cause) => cause.keyword === 'type'
      )
      if (wrongType && !field.endsWith('version')) return describe(wrongType, document)
      break
    }
    case 'type':
      return `${field} must be ${(error.params as { type: string }).type}.`
    case 'minItems': {
      // Every list of the schema that has a minimum needs one entry at least (plans, markets,
      // authorizations): said with the list's own name, not as "plans".
      const { limit } = error.params as { limit: number }
      const entry = field === 'plans' ? 'plan' : 'entry'
      return `${field} must list at least ${limit === 1 ? `one ${entry}` : `${limit} ${entry}s`}.`
    }
  }
  // The schema's errorMessage (ajv-errors) in words, or Ajv's own for other keywords.
  return `${field} ${(error.message ?? 'is not valid').replace(/\.$/, '')}.`
}

/** The `properties` of the schema object that holds a failing keyword, to list allowed fields. */
function propertiesAt(schemaPath: string): Record<string, unknown> {
  let node: unknown = manifestSchema
  for (const key of schemaPath.split('/').slice(1, -1)) {
    node = (node as Record<string, unknown>)[key]
  }
  return ((node as { properties?: Record<string, unknown> }).properties ?? {}) as Record<
    string,
    unknown
  >
}
