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
    ],
    // The sign-in messages name inputs bare, and speak of GitHub secrets and the runner.
    [
      'client-certificate must hold the certificate AND its private key in PEM',
      '--client-certificate must hold the certificate AND its private key in PEM'
    ],
    [
      "Check that client-id is the app's Application (client) ID and that tenant-id is",
      "Check that --client-id is the app's Application (client) ID and that --tenant-id is"
    ],
    ["Check login-url and the runner's network.", "Check --login-url and this machine's network."],
    [
      'check the api-url and login-url inputs, and any proxy between the runner and the service.',
      'check the --api-url and --login-url flags, and any proxy between this machine and the service.'
    ],
    [
      'create a new one and update the GitHub secret.',
      'create a new one and update the secret given to the CLI.'
    ],
    [
      'From a .pfx: openssl pkcs12 -in cert.pfx -nodes, then store the whole output as the secret.',
      'From a .pfx: openssl pkcs12 -in cert.pfx -nodes, then give all it prints as the PEM text.'
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
    'Input Validation failed: Input something is wrong',
    // Flags already, a URL's path, a quoted name, and a name that is no input.
    'set --client-id and --tenant-id',
    'https://login.example/tenant-id/oauth2',
    'the `client-secret` row',
    'my-client-id is set'
  ])('leaves %s as it is', (text) => {
    expect(inCliTerms(text)).toBe(text)
  })
})
