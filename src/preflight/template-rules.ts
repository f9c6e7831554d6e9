/**
 * The ARM Template Test Toolkit's deployment-template tests that bear on Azure Application
 * packages, written from their documented behaviour: Microsoft Learn, "Test cases for ARM
 * templates" (TEMPLATE_TEST_CASES), and where Learn is silent the toolkit's test scripts
 * (TOOLKIT_TESTS/deploymentTemplate/<Name-With-Dashes>.test.ps1). Each rule cites its source.
 */
import { isExpression, callsAny, referencedNames } from './expressions.js'
import { TEMPLATE_TEST_CASES, TOOLKIT_TESTS } from './finding.js'
import { eachString, items, members, property, text, type Node } from './json-document.js'
import type { Hit, Rule, TemplateContext } from './rule.js'

const toolkit = (name: string): string =>
  `${TOOLKIT_TESTS}/deploymentTemplate/${name.replace(/ /g, '-')}.test.ps1`

/** The schemas Learn lists as valid for a deployment template ("Use correct schema"). */
const TEMPLATE_SCHEMAS = [
  'https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#',
  'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
  'https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#',
  'https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#'
]

const resourcesOf = new WeakMap<Node, Node[]>()

/** Every resource of a template: top level, child resources and inline nested templates. */
export function allResources(root: Node): Node[] {
  const known = resourcesOf.get(root)
  if (known) return known
  const found: Node[] = []
  const visit = (list: Node | undefined): void => {
    for (const resource of items(list)) {
      found.push(resource)
      visit(property(resource, 'resources'))
      visit(property(property(property(resource, 'properties'), 'template'), 'resources'))
    }
  }
  visit(property(root, 'resources'))
  resourcesOf.set(root, found)
  return found
}

/** A template's parameter declarations, by name. */
function parameters(root: Node): { key: string; keyNode: Node; value: Node }[] {
  return members(property(root, 'parameters'))
}

function isSecureType(declaration: Node): boolean {
  return /^secure(string|object)$/i.test(text(property(declaration, 'type')) ?? '')
}

const COMPUTED_REFERENCE = {
  parameters: /\bparameters\s*\(\s*[^'\s)]/i,
  variables: /\bvariables\s*\(\s*[^'\s)]/i
}

/**
 * Lower-cased names a template references with `parameters('…')` (outside its parameters
 * section) and `variables('…')`; undefined for a kind when some reference of it is computed
 * (`variables(format(…))`): then any name may be used. One walk per template, shared by rules.
 */
interface References {
  parameters: Set<string> | undefined
  variables: Set<string> | undefined
}

const referencesOf = new WeakMap<Node, References>()

function references(root: Node): References {
  const known = referencesOf.get(root)
  if (known) return known
  const found = { parameters: new Set<string>(), variables: new Set<string>() }
  const dynamic = { parameters: false, variables: false }
  const declarations = property(root, 'parameters')
  const visit = (node: Node, inDeclarations: boolean): void => {
    if (node.type !== 'string') {
      for (const child of node.children ?? [])
        visit(child, inDeclarations || child === declarations)
      return
    }
    const value = node.value as string
    if (!isExpression(value)) return
    for (const fn of ['parameters', 'variables'] as const) {
      if (fn === 'parameters' && inDeclarations) continue
      for (const name of referencedNames(value, fn)) found[fn].add(name)
      if (value.includes(fn) && COMPUTED_REFERENCE[fn].test(value)) dynamic[fn] = true
    }
  }
  visit(root, false)
  const result = {
    parameters: dynamic.parameters ? undefined : found.parameters,
    variables: dynamic.variables ? undefined : found.variables
  }
  referencesOf.set(root, result)
  return result
}

const schemaIsCorrect: Rule<TemplateContext> = {
  name: 'DeploymentTemplate Schema Is Correct',
  severity: 'error',
  source: TEMPLATE_TEST_CASES,
  fix: 'Set "$schema" to https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#.',
  check: ({ root }) => {
    const schema = property(root, '$schema')
    const hits: Hit[] = []
    const value = text(schema)?.replace(/#?$/, '#').toLowerCase()
    if (!value || !TEMPLATE_SCHEMAS.some((known) => known.toLowerCase() === value)) {
      hits.push({
        node: schema ?? root,
        message: schema
          ? `"$schema" is not a deployment template schema Azure accepts.`
          : 'The template has no "$schema".'
      })
    }
    // The deployment template schema itself requires contentVersion.
    if (!text(property(root, 'contentVersion'))) {
      hits.push({
        node: property(root, 'contentVersion') ?? root,
        message:
          'The template has no "contentVersion", which the deployment template schema requires.',
        fix: 'Add "contentVersion": "1.0.0.0" at the top of the template.'
      })
    }
    return hits
  }
}

const parametersMustBeReferenced: Rule<TemplateContext> = {
  name: 'Parameters Must Be Referenced',
  severity: 'error',
  source: TEMPLATE_TEST_CASES,
  fix: 'Use the parameter in an expression, or delete its declaration.',
  check: ({ root }) => {
    const used = references(root).parameters
    return parameters(root)
      .filter(({ key }) => used && !used.has(key.toLowerCase()))
      .map(({ key, keyNode }) => ({
        node: keyNode,
        message: `Parameter "${key}" is declared but never referenced with parameters('${key}').`
      }))
  }
}

const variablesMustBeReferenced: Rule<TemplateContext> = {
  name: 'Variables Must Be Referenced',
  severity: 'error',
  source: TEMPLATE_TEST_CASES,
  fix: 'Use the variable in an expression, or delete it.',
  check: ({ root }) => {
    const used = references(root).variables
    return members(property(root, 'variables'))
      .filter(({ key }) => used && key.toLowerCase() !== 'copy' && !used.has(key.toLowerCase()))
      .map(({ key, keyNode }) => ({
        node: keyNode,
        message: `Variable "${key}" is defined but never referenced with variables('${key}').`
      }))
  }
}

const secureParametersHaveNoDefault: Rule<TemplateContext> = {
  name: 'Secure String Parameters Cannot Have Default',
  severity: 'error',
  source: TEMPLATE_TEST_CASES,
  fix: 'Remove the defaultValue (an empty string or an expression such as newGuid() is allowed).',
  check: ({ root }) =>
    parameters(root).flatMap(({ key, value }) => {
      const fallback = property(value, 'defaultValue')
      if (!isSecureType(value) || !fallback) return []
      const literal = text(fallback)
      // Learn: an empty string, or an expression, passes; a hard-coded secret does not.
      if (literal === '' || (literal !== undefined && isExpression(literal))) return []
      if (fallback.type === 'object' && (fallback.children ?? []).length === 0) return []
      return [{ node: fallback, message: `Secure parameter "${key}" has a hard-coded default.` }]
    })
}

const locationNotHardcoded: Rule<TemplateContext> = {
  name: 'Location Should Not Be Hardcoded',
  severity: 'error',
  source: TEMPLATE_TEST_CASES,
  fix: 'In mainTemplate.json default "location" to "[resourceGroup().location]"; in a nested template give it no default.',
  check: ({ root, main }) =>
    parameters(root).flatMap(({ key, value }) => {
      if (key.toLowerCase() !== 'location') return []
      const fallback = property(value, 'defaultValue')
      if (!fallback) return []
      if (!main) {
        return [
          { node: fallback, message: 'A nested template\'s "location" parameter has a default.' }
        ]
      }
      const literal = (text(fallback) ?? '').replace(/\s/g, '').toLowerCase()
      const allowed = ['[resourcegroup().location]', 'global', '[deployment().location]']
      return allowed.includes(literal)
        ? []
        : [
            {
              node: fallback,
              message: `The "location" parameter defaults to ${JSON.stringify(text(fallback) ?? '(not a string)')}.`
            }
          ]
    })
}

const resourcesHaveLocation: Rule<TemplateContext> = {
  name: 'Resources Should Have Location',
  severity: 'warning',
  source: TEMPLATE_TEST_CASES,
  fix: 'Set the resource\'s location to "[parameters(\'location\')]" (or "global" for global resources).',
  check: ({ root }) =>
    allResources(root).flatMap((resource) => {
      const location = property(resource, 'location')
      const literal = text(location)
      if (
        !location ||
        (literal !== undefined && (isExpression(literal) || literal.toLowerCase() === 'global'))
      ) {
        return []
      }
      return [
        {
          node: location,
          message: `The resource's location is hard-coded as ${JSON.stringify(literal ?? '(not a string)')}.`
        }
      ]
    })
}

/** Functions whose results are secrets when output: list*(), per Learn. */
const SECRET_FUNCTIONS = ['list\\w*']

const outputsWithoutSecrets: Rule<TemplateContext> = {
  name: 'Outputs Must Not Contain Secrets',
  severity: 'error',
  source: TEMPLATE_TEST_CASES,
  fix: 'Remove the output; pass secrets through a Key Vault reference instead.',
  check: ({ root }) => {
    const secure = new Set(
      parameters(root)
        .filter(({ value }) => isSecureType(value))
        .map(({ key }) => key.toLowerCase())
    )
    return members(property(root, 'outputs')).flatMap(({ key, keyNode, value }) => {
      const reasons: string[] = []
      if (/password|secret/i.test(key)) reasons.push('its name says it holds a secret')
      eachString(property(value, 'value'), (node) => {
        const expression = node.value as string
        if (!isExpression(expression)) return
        if (referencedNames(expression, 'parameters').some((name) => secure.has(name))) {
          reasons.push('it returns a secure parameter')
        }
        if (callsAny(expression, SECRET_FUNCTIONS)) reasons.push('it returns a list*() result')
      })
      return reasons.length > 0
        ? [
            {
              node: keyNode,
              message: `Output "${key}" may expose a secret: ${[...new Set(reasons)].join(', ')}.`
            }
          ]
        : []
    })
  }
}

/** The toolkit's age limit for API versions, in days (apiVersions-Should-Be-Recent.test.ps1). */
export const API_VERSION_MAX_AGE_DAYS = 730

const apiVersionsRecent: Rule<TemplateContext> = {
  name: 'apiVersions Should Be Recent',
  severity: 'warning',
  source: TEMPLATE_TEST_CASES,
  fix: 'Use a literal API version of the resource type from the last two years.',
  check: ({ root, now }) =>
    allResources(root).flatMap((resource) => {
      const node = property(resource, 'apiVersion')
      const version = text(node)
      if (!node || version === undefined) return []
      if (isExpression(version)) {
        return [
          {
            node,
            message: 'The apiVersion is an expression; it must be a literal.',
            fix: 'Write the API version as a literal string such as "2023-05-01".'
          }
        ]
      }
      const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(version)
      if (!date) return [{ node, message: `"${version}" is not an API version (yyyy-mm-dd).` }]
      const ageDays = (now.getTime() - Date.UTC(+date[1], +date[2] - 1, +date[3])) / 86_400_000
      return ageDays > API_VERSION_MAX_AGE_DAYS
        ? [
            {
              node,
              message: `API version ${version} is ${Math.floor(ageDays)} days old, over the toolkit's ${API_VERSION_MAX_AGE_DAYS}.`
            }
          ]
        : []
    })
}

/** Functions that derive a resource ID (Learn: "IDs should be derived from resource IDs"). */
const ID_FUNCTIONS = [
  'resourceId',
  'subscriptionResourceId',
  'tenantResourceId',
  'extensionResourceId',
  'managementGroupResourceId',
  'reference',
  'parameters',
  'variables',
  'guid',
  'if',
  'resourceGroup',
  'subscription'
]
/** Properties named …Id that are not resource IDs (the toolkit's list of exceptions, abridged). */
const NOT_RESOURCE_IDS =
  /^(tenantId|subscriptionId|principalId|clientId|objectId|appId|applicationId|uniqueId|requestedServiceObjectiveId|vmId|keyId|secretId|policyDefinitionId|roleDefinitionId|resourceGuid|defaultDataLakeStorageFilesystemId)$/i

const idsFromResourceIds: Rule<TemplateContext> = {
  name: 'IDs Should Be Derived From ResourceIDs',
  severity: 'error',
  source: TEMPLATE_TEST_CASES,
  fix: "Build the ID with resourceId('<type>', <name>) (or subscriptionResourceId, extensionResourceId).",
  check: ({ root }) => {
    const hits: Hit[] = []
    const visit = (node: Node | undefined): void => {
      for (const { key, value } of members(node)) {
        const isId = key === 'id' || (key.endsWith('Id') && !NOT_RESOURCE_IDS.test(key))
        const literal = text(value)
        if (
          isId &&
          literal !== undefined &&
          literal !== '' &&
          !(isExpression(literal) && callsAny(literal, ID_FUNCTIONS))
        ) {
          hits.push({
            node: value,
            message: `"${key}" is ${isExpression(literal) ? 'an expression without resourceId()' : 'a hard-coded ID'}.`
          })
        }
        visit(value)
        for (const item of items(value)) visit(item)
      }
    }
    for (const resource of allResources(root)) visit(property(resource, 'properties'))
    return hits
  }
}

const noConcatInDynamicReferences: Rule<TemplateContext> = {
  name: 'Dynamic Variable References Should Not Use Concat',
  severity: 'warning',
  source: TEMPLATE_TEST_CASES,
  fix: "Use format() inside variables(): variables(format('name{0}', ...)).",
  check: ({ root }) => {
    const hits: Hit[] = []
    eachString(root, (node) => {
      if (/\bvariables\s*\(\s*concat\s*\(/i.test(node.value as string)) {
        hits.push({ node, message: 'variables() is called with concat().' })
      }
    })
    return hits
  }
}

/** Keys whose empty value is legitimate: template sections, defaults and metadata. */
const MAY_BE_EMPTY =
  /^(parameters|variables|resources|outputs|functions|defaultValue|value|metadata|dependsOn|tags)$/i

const noBlanks: Rule<TemplateContext> = {
  name: 'Template Should Not Contain Blanks',
  severity: 'error',
  source: TEMPLATE_TEST_CASES,
  fix: 'Remove the property, or give it a value.',
  check: ({ root }) => {
    const hits: Hit[] = []
    const visit = (node: Node): void => {
      for (const { key, keyNode, value } of members(node)) {
        const blank =
          value.type === 'null' ||
          (value.type === 'string' && value.value === '') ||
          ((value.type === 'object' || value.type === 'array') &&
            (value.children ?? []).length === 0)
        if (!blank) visit(value)
        // An expression as key: the value is its settings, often none ({} for an identity).
        else if (!MAY_BE_EMPTY.test(key) && !isExpression(key))
          hits.push({ node: keyNode, message: `"${key}" is blank.` })
      }
      for (const item of items(node)) visit(item)
    }
    visit(root)
    return hits
  }
}

const dependsOnNotConditional: Rule<TemplateContext> = {
  name: 'DependsOn Must Not Be Conditional',
  severity: 'error',
  source: toolkit('DependsOn Must Not Be Conditional'),
  fix: 'Depend on the resource unconditionally; ARM ignores dependencies on resources whose condition is false.',
  check: ({ root }) =>
    allResources(root).flatMap((resource) =>
      items(property(resource, 'dependsOn'))
        .filter((entry) => /^\s*\[\s*if\s*\(/i.test(text(entry) ?? ''))
        .map((entry) => ({
          node: entry,
          message: 'A dependsOn entry is conditional: it uses if().'
        }))
    )
}

const minAndMaxAreNumbers: Rule<TemplateContext> = {
  name: 'Min And Max Value Are Numbers',
  severity: 'error',
  source: TEMPLATE_TEST_CASES,
  fix: 'Write minValue and maxValue as numbers, without quotes.',
  check: ({ root }) =>
    parameters(root).flatMap(({ key, value }) =>
      ['minValue', 'maxValue'].flatMap((bound) => {
        const node = property(value, bound)
        return node && node.type !== 'number'
          ? [{ node, message: `${bound} of parameter "${key}" is not a number.` }]
          : []
      })
    )
}

/** The deployment-template rules, in the order findings are reported. */
export const TEMPLATE_RULES: readonly Rule<TemplateContext>[] = [
  schemaIsCorrect,
  parametersMustBeReferenced,
  variablesMustBeReferenced,
  secureParametersHaveNoDefault,
  locationNotHardcoded,
  resourcesHaveLocation,
  outputsWithoutSecrets,
  apiVersionsRecent,
  idsFromResourceIds,
  noConcatInDynamicReferences,
  noBlanks,
  dependsOnNotConditional,
  minAndMaxAreNumbers
]
