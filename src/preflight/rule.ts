import type { Severity } from './finding.js'
import type { JsonDocument, Node } from './json-document.js'

/** A rule's verdict on one value: the node at fault, what is wrong, and a fix when not the rule's. */
export interface Hit {
  node: Node
  message: string
  fix?: string
}

/** One toolkit test, applied to a context (a template, or createUiDefinition with its template). */
export interface Rule<Context> {
  /** The toolkit's test name, which is also the name to skip it by in the manifest. */
  name: string
  severity: Severity
  /** Where the rule is documented (Microsoft Learn page, or the toolkit's test script). */
  source: string
  /** The usual fix, in one sentence. */
  fix: string
  check(context: Context): Hit[]
}

/** A deployment template of the package (mainTemplate.json or a nested template). */
export interface TemplateContext {
  document: JsonDocument
  root: Node
  /** mainTemplate.json, whose parameters createUiDefinition.json feeds. */
  main: boolean
  /** Today, for the age of API versions. */
  now: Date
}

/** createUiDefinition.json with the package's main template, when that parsed. */
export interface UiDefinitionContext {
  document: JsonDocument
  root: Node
  template: TemplateContext | undefined
}
