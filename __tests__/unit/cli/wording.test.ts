import { describe, expect, it } from '@jest/globals'
import { inCliTerms } from '../../../src/cli/wording.js'

describe('the CLI says flags and subcommands where the action says inputs', () => {
  it.each([
    [
      'Input offer-id is empty: set offer-id to the offer ID.',
      '--offer-id is empty: set --offer-id to the offer ID.'
    ],
    ['or set `on-conflict: cancel`.', 'or set `--on-conflict cancel`.'],
    [
      'a real run would wait for it (on-conflict: wait).',
      'a real run would wait for it (--on-conflict wait).'
    ],
    [
      'promote later with command: go-live.',
      'promote later with `partner-center-publish go-live`.'
    ],
    [
      'run this action with `command: go-live` to publish it',
      'run `partner-center-publish go-live` to publish it'
    ],
    ['or set `wait-timeout` to wait for it.', 'or set `--wait-timeout` to wait for it.'],
    ['Fix product-id or the offer ID.', 'Fix --product-id or the offer ID.'],
    ['Narrow the manifests input.', 'Narrow the `--manifests` flag.'],
    [
      'Run the action again: it uploads the package again.',
      'Run the CLI again: it uploads the package again.'
    ],
    [
      'This action publishes Azure Application offers',
      'This CLI publishes Azure Application offers'
    ]
  ])('%s', (action, cli) => {
    expect(inCliTerms(action)).toBe(cli)
  })

  it.each([
    // A manifest field, not the version input.
    'Set `version` on the plan or at the top of the manifest.',
    // Not a value of the input: a server's text must not become a flag to type.
    'client-id: set it',
    '`not-an-input: x`',
    'command: rm -rf',
    'Input Validation failed: Input something is wrong'
  ])('leaves %s as it is', (text) => {
    expect(inCliTerms(text)).toBe(text)
  })
})
