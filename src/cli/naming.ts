import type { Naming } from '../naming.js'

/** The CLI's name, as `bin` in package.json names it. */
export const CLI_NAME = 'partner-center-publish'

/**
 * The CLI's words for what its user sets: flags and subcommands where the action says inputs
 * and `command:`, and a terminal's sentences where the action speaks of the workflow (its `with:`
 * block, annotations, outputs, the runner, GitHub secrets). runCli installs it with useNaming().
 */
export const CLI_NAMING: Naming = {
  input: (name) => `--${name}`,
  subject: (name) => `--${name}`,
  theInput: (name) => `the \`--${name}\` flag`,
  setting: (name, value) => `--${name} ${value}`,
  command: (name) => `\`${CLI_NAME} ${name}\``,
  run: (name) => `run \`${CLI_NAME} ${name}\``,
  words: {
    tool: 'the CLI',
    // With no client ID the CLI signs in as the Azure CLI's account (sign-in.ts); a tenant then
    // only picks which of its tenants.
    appOptional: 'Not needed to sign in as the Azure CLI’s account (`az login`).',
    secretStore: 'the secret given to the CLI',
    storePem: 'give all it prints as the PEM text',
    machine: 'this machine',
    // The CLI runs the engine as the action does: GITHUB_WORKSPACE first (the CLI in a CI job).
    // No brackets: messages put it inside theirs ("(a glob relative to …)").
    root: 'the current directory, or GITHUB_WORKSPACE when set',
    rootHint: '',
    minutes: 'minutes',
    fixInput: `Fix the flag named above; \`${CLI_NAME} <command> --help\` lists every flag and its values.`,
    // A terminal shows no annotations: each manifest error names its file, line and column.
    manifestError: 'where the error above points (file:line:column)',
    findings: 'see the findings above',
    resultOutput: 'the `--json` output',
    matrixListed: '`--json` prints them as `matrix`',
    cancelled: 'the run was interrupted',
    inputError: 'usage error',
    setting: 'Flag',
    federation: 'or with the token in AZURE_FEDERATED_TOKEN_FILE (workload identity).',
    pemSource: 'the PEM text itself; AZURE_CLIENT_CERTIFICATE_PATH names a file',
    oidcAudience:
      "Unused by the CLI, kept as the action's input: a federated token comes from " +
      'AZURE_FEDERATED_TOKEN_FILE, with the audience its platform gave it.',
    reachCheck: 'Check that this machine',
    federated: {
      token: 'the token in AZURE_FEDERATED_TOKEN_FILE',
      method: 'federated token (AZURE_FEDERATED_TOKEN_FILE)',
      logged: 'The token in AZURE_FEDERATED_TOKEN_FILE',
      unavailable:
        'Set AZURE_FEDERATED_TOKEN_FILE to a readable file that holds the token (workload identity).',
      scenario: '(scenario "Other issuer").'
    }
  }
}
