/**
 * The ARM Template Test Toolkit's createUiDefinition.json tests, written from their documented
 * behaviour: Microsoft Learn, "Test cases for createUiDefinition.json" (UI_DEFINITION_TEST_CASES),
 * and the toolkit's test scripts (TOOLKIT_TESTS/CreateUIDefinition/…) where Learn does not list one.
 */
import { TOOLKIT_TESTS, UI_DEFINITION_TEST_CASES } from './finding.js'
import { items, members, property, text, valueOf, type Node } from './json-document.js'
import type { Hit, Rule, UiDefinitionContext } from './rule.js'

const toolkit = (name: string): string =>
  `${TOOLKIT_TESTS}/CreateUIDefinition/${name.replace(/ /g, '-')}.test.ps1`

/** A UI control: its declaration and its lower-cased type. */
interface Control {
  node: Node
  type: string
}

/** Every control of basics and steps, sections included, by lower-cased name. */
function controls(root: Node): Map<string, Control> {
  const found = new Map<string, Control>()
  const visit = (list: Node | undefined): void => {
    for (const element of items(list)) {
      const name = text(property(element, 'name'))
      if (name) {
        found.set(name.toLowerCase(), {
          node: element,
          type: (text(property(element, 'type')) ?? '').toLowerCase()
        })
      }
      visit(property(element, 'elements'))
    }
  }
  const parameters = property(root, 'parameters')
  visit(property(parameters, 'basics'))
  for (const step of items(property(parameters, 'steps'))) visit(property(step, 'elements'))
  return found
}

/** The outputs section: template parameter name → the output's value node. */
function outputs(root: Node): { key: string; keyNode: Node; value: Node }[] {
  return members(property(property(root, 'parameters'), 'outputs'))
}

/**
 * The control an output reads: the last name in `steps('s').a.b` or `basics('a').b` that is a
 * control (CredentialsCombo outputs read `.password` of the control, for example).
 */
function controlOf(output: Node, known: Map<string, Control>): Control | undefined {
  const expression = text(output) ?? ''
  const chain = /(?:basics|steps)\s*\(\s*'([^']+)'\s*\)((?:\.[A-Za-z0-9_-]+)*)/i.exec(expression)
  if (!chain) return undefined
  const names = [chain[1], ...chain[2].split('.').filter(Boolean)].reverse()
  for (const name of names) {
    const control = known.get(name.toLowerCase())
    if (control) return control
  }
  return undefined
}

/** The main template's parameter declarations by lower-cased name. */
function templateParameters(
  context: UiDefinitionContext
): Map<string, { key: string; value: Node }> {
  const found = new Map<string, { key: string; value: Node }>()
  if (!context.template) return found
  for (const { key, value } of members(property(context.template.root, 'parameters'))) {
    found.set(key.toLowerCase(), { key, value })
  }
  return found
}

/** Outputs that Azure fills for managed applications, not template parameters (toolkit). */
const PLATFORM_OUTPUTS = new Set(['applicationresourcename', 'jitaccesspolicy', 'managedidentity'])

const PASSWORD_CONTROLS = new Set([
  'microsoft.common.passwordbox',
  'microsoft.compute.credentialscombo'
])

const hasSchema: Rule<UiDefinitionContext> = {
  name: 'CreateUIDefinition Should Have Schema',
  severity: 'error',
  source: toolkit('CreateUIDefinition Should Have Schema'),
  fix: 'Set "$schema" to https://schema.management.azure.com/schemas/0.1.2-preview/CreateUIDefinition.MultiVm.json#.',
  check: ({ root }) => {
    const schema = property(root, '$schema')
    return /^https:\/\/schema\.management\.azure\.com\/schemas\/[^/]+\/CreateUIDefinition\.MultiVm\.json#?$/i.test(
      text(schema) ?? ''
    )
      ? []
      : [
          {
            node: schema ?? root,
            message: schema
              ? '"$schema" is not the CreateUIDefinition schema.'
              : 'createUiDefinition.json has no "$schema".'
          }
        ]
  }
}

const handlerIsCorrect: Rule<UiDefinitionContext> = {
  name: 'Handler Must Be Correct',
  severity: 'error',
  source: toolkit('Handler Must Be Correct'),
  fix: 'Set "handler" to "Microsoft.Azure.CreateUIDef".',
  check: ({ root }) => {
    const handler = property(root, 'handler')
    return (text(handler) ?? '').toLowerCase() === 'microsoft.azure.createuidef'
      ? []
      : [
          {
            node: handler ?? root,
            message: handler
              ? `"handler" is ${JSON.stringify(text(handler) ?? '')}.`
              : 'createUiDefinition.json has no "handler".'
          }
        ]
  }
}

const locationInOutputs: Rule<UiDefinitionContext> = {
  name: 'Location Should Be In Outputs',
  severity: 'error',
  source: UI_DEFINITION_TEST_CASES,
  fix: 'Add "location": "[location()]" to the outputs.',
  check: ({ root }) => {
    const section = property(property(root, 'parameters'), 'outputs')
    const location = property(section, 'location')
    if ((text(location) ?? '').replace(/\s/g, '').toLowerCase() === '[location()]') return []
    return [
      {
        node: location ?? section ?? root,
        message: location
          ? 'The "location" output is not [location()].'
          : 'The outputs have no "location".'
      }
    ]
  }
}

const outputsAreParameters: Rule<UiDefinitionContext> = {
  name: 'Outputs Must Be Present In Template Parameters',
  severity: 'error',
  source: UI_DEFINITION_TEST_CASES,
  fix: 'Rename the output to a parameter of mainTemplate.json, or add that parameter.',
  check: (context) => {
    if (!context.template) return []
    const declared = templateParameters(context)
    return outputs(context.root)
      .filter(
        ({ key }) => !PLATFORM_OUTPUTS.has(key.toLowerCase()) && !declared.has(key.toLowerCase())
      )
      .map(({ key, keyNode }) => ({
        node: keyNode,
        message: `Output "${key}" is not a parameter of mainTemplate.json.`
      }))
  }
}

const parametersAreFed: Rule<UiDefinitionContext> = {
  name: 'Parameters Without Default Must Exist In CreateUIDefinition',
  severity: 'error',
  source: UI_DEFINITION_TEST_CASES,
  fix: 'Add an output for the parameter, or give the parameter a defaultValue.',
  check: (context) => {
    if (!context.template) return []
    const fed = new Set(outputs(context.root).map(({ key }) => key.toLowerCase()))
    const section = property(property(context.root, 'parameters'), 'outputs')
    return [...templateParameters(context).values()]
      .filter(({ key, value }) => !property(value, 'defaultValue') && !fed.has(key.toLowerCase()))
      .map(({ key }) => ({
        node: section ?? context.root,
        message: `mainTemplate.json parameter "${key}" has no default and no output feeds it.`
      }))
  }
}

/** Whether a template parameter of `type` accepts a control's value. */
function typeAccepts(type: string, value: unknown): boolean {
  switch (type.toLowerCase()) {
    case 'int':
      return typeof value === 'number' && Number.isInteger(value)
    case 'bool':
      return typeof value === 'boolean'
    case 'string':
    case 'securestring':
      return typeof value === 'string'
    default:
      return true
  }
}

/** Each output fed by a control, with that control and the parameter it feeds. */
function fedParameters(
  context: UiDefinitionContext
): { output: Node; control: Control; parameter: { key: string; value: Node } }[] {
  const known = controls(context.root)
  const declared = templateParameters(context)
  return outputs(context.root).flatMap(({ key, value }) => {
    const control = controlOf(value, known)
    const parameter = declared.get(key.toLowerCase())
    return control && parameter ? [{ output: value, control, parameter }] : []
  })
}

const allowedValuesAllowed: Rule<UiDefinitionContext> = {
  name: 'Allowed Values Should Actually Be Allowed',
  severity: 'error',
  source: UI_DEFINITION_TEST_CASES,
  fix: "Make the control's allowedValues match the parameter's type and allowedValues.",
  check: (context) =>
    fedParameters(context).flatMap(({ control, parameter }) => {
      const allowedNode = property(property(control.node, 'constraints'), 'allowedValues')
      const type = text(property(parameter.value, 'type')) ?? ''
      const permitted = valueOf(property(parameter.value, 'allowedValues'))
      return items(allowedNode).flatMap((choice): Hit[] => {
        const value = valueOf(property(choice, 'value'))
        if (!typeAccepts(type, value)) {
          return [
            {
              node: choice,
              message: `The control offers ${JSON.stringify(value)}, which parameter "${parameter.key}" of type ${type} does not accept.`
            }
          ]
        }
        if (
          Array.isArray(permitted) &&
          !permitted.some((item) => JSON.stringify(item) === JSON.stringify(value))
        ) {
          return [
            {
              node: choice,
              message: `The control offers ${JSON.stringify(value)}, which is not among parameter "${parameter.key}"'s allowedValues.`
            }
          ]
        }
        return []
      })
    })
}

const vmSizesMatch: Rule<UiDefinitionContext> = {
  name: 'VMSizes Must Match Template',
  severity: 'error',
  source: UI_DEFINITION_TEST_CASES,
  fix: "Offer in the SizeSelector only sizes that the template parameter's allowedValues list.",
  check: (context) =>
    fedParameters(context)
      .filter(({ control }) => control.type === 'microsoft.compute.sizeselector')
      .flatMap(({ control, parameter }) => {
        const permitted = valueOf(property(parameter.value, 'allowedValues'))
        if (!Array.isArray(permitted)) return []
        const allowed = new Set(permitted.map((size) => String(size).toLowerCase()))
        const offered = [
          ...items(property(property(control.node, 'constraints'), 'allowedSizes')),
          ...items(property(control.node, 'recommendedSizes'))
        ]
        return offered
          .filter((size) => !allowed.has((text(size) ?? '').toLowerCase()))
          .map((size) => ({
            node: size,
            message: `Size ${text(size) ?? '?'} is not among parameter "${parameter.key}"'s allowedValues.`
          }))
      })
}

const passwordsUsePasswordBoxes: Rule<UiDefinitionContext> = {
  name: 'Password Textboxes Must Be Used For Password Parameters',
  severity: 'error',
  source: UI_DEFINITION_TEST_CASES,
  fix: 'Feed a secure parameter from a PasswordBox or CredentialsCombo, and a PasswordBox only into a securestring parameter.',
  check: (context) =>
    fedParameters(context).flatMap(({ output, control, parameter }) => {
      const secure = /^secure(string|object)$/i.test(text(property(parameter.value, 'type')) ?? '')
      const password = PASSWORD_CONTROLS.has(control.type)
      if (secure && !password) {
        return [
          {
            node: output,
            message: `Secure parameter "${parameter.key}" is fed by a ${control.type || 'control'}, not a password box.`
          }
        ]
      }
      if (!secure && control.type === 'microsoft.common.passwordbox') {
        return [
          {
            node: output,
            message: `A password box feeds parameter "${parameter.key}", which is not securestring.`
          }
        ]
      }
      return []
    })
}

const textboxesWellFormed: Rule<UiDefinitionContext> = {
  name: 'Textboxes Are Well Formed',
  severity: 'warning',
  source: UI_DEFINITION_TEST_CASES,
  fix: 'Give the TextBox constraints with a regex (or validations) and a validationMessage.',
  check: ({ root }) =>
    [...controls(root).values()]
      .filter((control) => control.type === 'microsoft.common.textbox')
      .flatMap((control) => {
        const constraints = property(control.node, 'constraints')
        const regex = text(property(constraints, 'regex'))
        const message = text(property(constraints, 'validationMessage'))
        const validations = items(property(constraints, 'validations'))
        const ok = (regex && message) || validations.length > 0
        return ok
          ? []
          : [
              {
                node: property(control.node, 'name') ?? control.node,
                message: `TextBox "${text(property(control.node, 'name'))}" has no regex with a validationMessage.`
              }
            ]
      })
}

/** The createUiDefinition.json rules, in the order findings are reported. */
export const UI_DEFINITION_RULES: readonly Rule<UiDefinitionContext>[] = [
  hasSchema,
  handlerIsCorrect,
  locationInOutputs,
  outputsAreParameters,
  parametersAreFed,
  allowedValuesAllowed,
  vmSizesMatch,
  passwordsUsePasswordBoxes,
  textboxesWellFormed
]
