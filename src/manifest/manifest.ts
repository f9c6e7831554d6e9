import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { ErrorObject } from 'ajv'
import { isMap, LineCounter, parseDocument, type Document, type Node } from 'yaml'
import { manifestSchema } from './schema.js'
import validate from './validate-manifest.generated.js'

/** A plan of the manifest, as written. */
export interface ManifestPlan {
  id: string
  /** Path as written, relative to the manifest's folder. */
  package: string
  version?: string
}

export interface Manifest {
  offer?: string
  /** The offer's product GUID: skips the lookup by offer ID. */
  productId?: string
  version?: string
  plans: ManifestPlan[]
  /** Absolute path of the manifest file. */
  file: string
}

/** A manifest that cannot be used; the message names the file, line and column, and the fix. */
export class ManifestError extends Error {
  override name = 'ManifestError'
}

/** Reads a YAML or JSON manifest (JSON is YAML) and validates it against the schema. */
export async function loadManifest(file: string): Promise<Manifest> {
  const absolute = path.resolve(file)
  let text: string
  try {
    text = await readFile(absolute, 'utf8')
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : String(error)
    throw new ManifestError(
      `The manifest ${file} ${reason}. Create it (see the README's "Manifest" section) or set the ` +
        `\`manifest\` input to its path relative to the repository root.`
    )
  }
  return parseManifest(text, absolute)
}

export function parseManifest(text: string, file: string): Manifest {
  const lines = new LineCounter()
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  const where = (offset: number | undefined): string => {
    if (offset === undefined) return file
    const { line, col } = lines.linePos(offset)
    return `${file}:${line}:${col}`
  }
  if (document.errors.length > 0) {
    const first = document.errors[0]
    throw new ManifestError(
      `${where(first.pos[0])}: not valid YAML: ${first.message.split('\n')[0]}`
    )
  }
  const data: unknown = document.toJS()
  if (!validate(data)) {
    const messages = (validate.errors ?? []).map(
      (error) => `${where(offsetOf(document, error))}: ${describe(error)}`
    )
    throw new ManifestError(`The manifest is not valid:\n  ${messages.join('\n  ')}`)
  }
  const manifest = data as Omit<Manifest, 'file'>
  const seen = new Set<string>()
  manifest.plans.forEach((plan, index) => {
    const key = plan.id.toLowerCase()
    if (seen.has(key)) {
      const node = document.getIn(['plans', index, 'id'], true) as Node | undefined
      throw new ManifestError(
        `${where(node?.range?.[0])}: plan "${plan.id}" is listed twice; list each plan once.`
      )
    }
    seen.add(key)
  })
  return { ...manifest, file }
}

/** The position of the value an Ajv error is about, so the message can point at a line. */
function offsetOf(document: Document, error: ErrorObject): number | undefined {
  const keys = error.instancePath
    .split('/')
    .slice(1)
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((key) => (/^\d+$/.test(key) ? Number(key) : key))
  let node = document.getIn(keys, true) as Node | undefined
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

function describe(error: ErrorObject): string {
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
    case 'pattern':
      if (field.endsWith('version'))
        return `${field} must be three numbers like "1.2.3" (quote it in YAML so it stays text).`
      if (field.endsWith('package')) return `${field} must be the path of a .zip file.`
      return `${field} must be 1 to 50 letters, digits, "-" and "_", starting with a letter or digit.`
    case 'type':
      return (
        `${field} must be ${(error.params as { type: string }).type}` +
        (field.endsWith('version') ? ' (quote versions in YAML: version: "1.2.3")' : '') +
        '.'
      )
    case 'minItems':
      return `${field} must list at least one plan.`
    default:
      return `${field} ${error.message ?? 'is not valid'}.`
  }
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
