import { openZip, type ZipReader } from '../app-package/zip-directory.js'
import { TOOLKIT_TESTS, type Finding } from './finding.js'
import {
  jsonPath,
  parseJson,
  position,
  property,
  text,
  type JsonDocument,
  type Node
} from './json-document.js'
import type { Hit, Rule, TemplateContext } from './rule.js'
import { TEMPLATE_RULES } from './template-rules.js'
import { UI_DEFINITION_RULES } from './ui-definition-rules.js'

/** What the pre-flight of one package needs besides the file. */
export interface PreflightOptions {
  planId: string
  /** Lower-cased names of rules to skip (from the manifest's `preflight.skip`). */
  skip?: ReadonlySet<string>
  /** Today, for the age of API versions; default now. */
  now?: Date
}

/** Every rule's name: the names the manifest may skip. */
export const PREFLIGHT_RULE_NAMES: readonly string[] = [
  ...TEMPLATE_RULES.map((rule) => rule.name),
  ...UI_DEFINITION_RULES.map((rule) => rule.name),
  'JSONFiles Should Be Valid'
]

const MAIN_TEMPLATE = 'mainTemplate.json'
const UI_DEFINITION = 'createUiDefinition.json'
/** The largest JSON file read (bytes): a template over 4 MB is refused by ARM anyway. */
export const MAX_JSON_BYTES = 16 * 1024 * 1024
/** At most this many JSON files are read from one package. */
const MAX_JSON_FILES = 500

/**
 * Applies the template test toolkit's rules to a package zip: mainTemplate.json and every
 * nested template (a .json file whose "$schema" is a deployment template schema) by the template
 * rules, createUiDefinition.json with the main template by the createUiDefinition rules. Files
 * are read from the zip into memory, never extracted. Returns the findings, errors first.
 * Throws NotAZipError (from the zip reader) when the zip cannot be read.
 */
export async function preflightPackage(
  file: string,
  size: number,
  options: PreflightOptions
): Promise<Finding[]> {
  const zip = await openZip(file, size)
  try {
    return await preflightZip(zip, options)
  } finally {
    zip.close()
  }
}

async function preflightZip(zip: ZipReader, options: PreflightOptions): Promise<Finding[]> {
  const skip = options.skip ?? new Set<string>()
  const now = options.now ?? new Date()
  const findings: Finding[] = []
  const report = <C>(
    rule: Pick<Rule<C>, 'name' | 'severity' | 'fix' | 'source'>,
    document: JsonDocument,
    check: () => Hit[]
  ): void => {
    if (skip.has(rule.name.toLowerCase())) return
    for (const hit of check()) findings.push(toFinding(rule, document, hit, options.planId))
  }
  const jsonFiles = zip.entries
    .map((entry) => entry.name)
    .filter((name) => name.toLowerCase().endsWith('.json'))
    .slice(0, MAX_JSON_FILES)
  const documents = new Map<string, JsonDocument>()
  for (const name of jsonFiles) {
    const document = parseJson(name, (await zip.read(name, MAX_JSON_BYTES)).toString('utf8'))
    documents.set(name, document)
    const invalid = document.errors[0]
    if (invalid) {
      // A place without a node: the syntax error's offset, reported at the document's root path.
      const place = { type: 'null', offset: invalid.offset, length: 0 } as Node
      report(JSON_VALID, document, () => [
        { node: place, message: `Not valid JSON: ${invalid.message}.` }
      ])
    }
  }

  let mainContext: TemplateContext | undefined
  for (const [name, document] of documents) {
    if (!document.root || document.errors.length > 0) continue
    const main = name === MAIN_TEMPLATE
    if (!main && !isDeploymentTemplate(document.root)) continue
    const context: TemplateContext = { document, root: document.root, main, now }
    if (main) mainContext = context
    for (const rule of TEMPLATE_RULES) report(rule, document, () => rule.check(context))
  }
  const ui = documents.get(UI_DEFINITION)
  if (ui?.root && ui.errors.length === 0) {
    const context = { document: ui, root: ui.root, template: mainContext }
    for (const rule of UI_DEFINITION_RULES) report(rule, ui, () => rule.check(context))
  }
  return findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))
}

/** The toolkit's all-files test: every JSON file must parse. */
const JSON_VALID = {
  name: 'JSONFiles Should Be Valid',
  severity: 'error',
  fix: 'Fix the JSON syntax at this place.',
  source: `${TOOLKIT_TESTS}/AllFiles/JSONFiles-Should-Be-Valid.test.ps1`
} as const

function isDeploymentTemplate(root: Node): boolean {
  return /deploymentTemplate\.json/i.test(text(property(root, '$schema')) ?? '')
}

function toFinding(
  rule: Pick<Rule<unknown>, 'name' | 'severity' | 'fix' | 'source'>,
  document: JsonDocument,
  hit: Hit,
  planId: string
): Finding {
  const { line, column } = position(document, hit.node)
  return {
    rule: rule.name,
    severity: rule.severity,
    planId,
    file: document.file,
    path: jsonPath(hit.node),
    line,
    column,
    message: hit.message,
    fix: hit.fix ?? rule.fix,
    source: rule.source
  }
}
