/**
 * How the shell that runs the engine names what its user sets: the action's inputs and
 * `command:`, the CLI's flags and subcommands. Every message that points to a setting asks this
 * port for its name when the message is made (`set ${input('offer-id')} to …`), so each shell
 * says its own words and nothing rewrites finished text: text a server wrote is never read for
 * names, and cannot be turned into a flag to type.
 *
 * A process runs one shell: the action's naming is the default, the CLI installs its own with
 * useNaming() before it reads a flag.
 */
export interface Naming {
  /** An input by its name: action `offer-id`, CLI `--offer-id`. */
  input(name: InputName): string
  /** An input as a sentence's subject: action `Input offer-id`, CLI `--offer-id`. */
  subject(name: InputName): string
  /** An input as a noun, quoted: action "the `manifest` input", CLI "the `--manifest` flag". */
  theInput(name: InputName): string
  /** An input with a value: action `on-conflict: wait`, CLI `--on-conflict wait`. */
  setting(name: InputName, value: string): string
  /** A command as the user runs it, quoted: action "`command: status`", CLI "`partner-center-publish status`". */
  command(name: string): string
  /** Running a command, quoted: action "run this action with `command: go-live`", CLI "run `partner-center-publish go-live`". */
  run(name: string): string
  /** The sentences that differ between a workflow and a terminal. */
  words: Words
}

/** The phrases of the messages that only one shell can say as they are. */
export interface Words {
  /** What runs the engine: `the action`, `the CLI`. */
  tool: string
  /** When the app registration's IDs (tenant-id, client-id) may be left out, ending their descriptions. */
  appOptional: string
  /** Where the app's secret or certificate is kept: `the GitHub secret`. */
  secretStore: string
  /** Telling how to store a PEM made from a .pfx: `store the whole output as the secret`. */
  storePem: string
  /** The machine the run is on, for its clock and network: `the runner`. */
  machine: string
  /** The folder relative paths start from (`manifest`, `manifests`): `the repository root`. */
  root: string
  /** After "check the glob": what else makes a glob find nothing (`, and that the job …`). */
  rootHint: string
  /** The unit of wait-timeout, with the limit a workflow has. */
  minutes: string
  /** What to do after an input error: where the inputs are set, where they are listed. */
  fixInput: string
  /** Where a manifest error is shown: `where the annotation points`. */
  manifestError: string
  /** Where the pre-flight's findings are shown. */
  findings: string
  /** Where the result object is read: "the `result` output". */
  resultOutput: string
  /** Where the matrix of `list` is read, as a clause: "the `matrix` output lists them". */
  matrixListed: string
  /** The outcome of a run that was stopped: `the job was cancelled`. */
  cancelled: string
  /** The outcome of a run whose inputs were wrong: `input error`. */
  inputError: string
  /** What a setting is called in a table's header: `Input`. */
  setting: string
  /** How else to sign in with no secret, ending the client-secret's description. */
  federation: string
  /** Where the client-certificate's PEM text comes from. */
  pemSource: string
  /** The oidc-audience's description. */
  oidcAudience: string
  /** Where the advice for a host that cannot be reached starts: `On a self-hosted runner, check that it`. */
  reachCheck: string
  /** The federated token the app signs in with, and where it comes from. */
  federated: {
    /** The token, as a noun: `the GitHub ID token`. */
    token: string
    /** The sign-in method, as the log names it: `GitHub OIDC`. */
    method: string
    /** The token, leading the log line of its claims: `GitHub OIDC token`. */
    logged: string
    /** What to do when the token cannot be had. */
    unavailable: string
    /** Where to register its values, after the portal page: the credential's scenario. */
    scenario: string
  }
}

/** The action's input names (action.yml), which the CLI's flags repeat. */
export type InputName =
  | 'tenant-id'
  | 'client-id'
  | 'client-secret'
  | 'client-certificate'
  | 'oidc-audience'
  | 'manifest'
  | 'manifests'
  | 'offer-id'
  | 'command'
  | 'target'
  | 'version'
  | 'wait-timeout'
  | 'on-conflict'
  | 'dry-run'
  | 'preflight'
  | 'api-url'
  | 'login-url'
  | 'graph-url'
  | 'product-id'
  | 'publisher-id'
  | 'export-path'

/** The action's words: inputs in a step's `with:` block, `command:` for the command. */
export const ACTION_NAMING: Naming = {
  input: (name) => name,
  subject: (name) => `Input ${name}`,
  theInput: (name) => `the \`${name}\` input`,
  setting: (name, value) => `${name}: ${value}`,
  command: (name) => `\`command: ${name}\``,
  run: (name) => `run this action with \`command: ${name}\``,
  words: {
    tool: 'the action',
    appOptional: 'Not needed for `command: check`.',
    secretStore: 'the GitHub secret',
    storePem: 'store the whole output as the secret',
    machine: 'the runner',
    root: 'the repository root',
    rootHint: ', and that the job checked the repository out',
    minutes: 'minutes; jobs on GitHub-hosted runners end after 360',
    fixInput:
      "Fix the input named above in the step's `with:` block; the README's Inputs table lists every input and its values.",
    manifestError: 'where the annotation points',
    findings: 'see the annotations and the job summary',
    resultOutput: 'the `result` output',
    matrixListed: 'the `matrix` output lists them',
    cancelled: 'the job was cancelled',
    inputError: 'input error',
    setting: 'Input',
    federation:
      'or, with `permissions: id-token: write`, with GitHub OIDC federation and no secret at all.',
    pemSource: 'from a secret',
    oidcAudience: 'Audience of the GitHub OIDC token exchanged with Entra ID.',
    reachCheck: 'On a self-hosted runner, check that it',
    federated: {
      token: 'the GitHub ID token',
      method: 'GitHub OIDC',
      logged: 'GitHub OIDC token',
      unavailable:
        'The job needs permission to request one:\n  permissions:\n    id-token: write\n    contents: read',
      scenario:
        '(scenario "Other issuer", or "GitHub Actions deploying Azure resources" with the entity ' +
        'that gives this subject). A job that uses an environment sends a subject ending in ' +
        ':environment:<name> instead of the branch or tag.'
    }
  }
}

let current: Naming = ACTION_NAMING

/** Installs a shell's naming for the rest of the process (the CLI's, at its start). */
export function useNaming(naming: Naming): void {
  current = naming
}

/** The naming of the shell this process runs. */
export function naming(): Naming {
  return current
}

/** An input by its name, in the running shell's words (see Naming.input). */
export const input = (name: InputName): string => current.input(name)
/** An input with a value, in the running shell's words (see Naming.setting). */
export const setting = (name: InputName, value: string): string => current.setting(name, value)
/** A command, quoted, in the running shell's words (see Naming.command). */
export const commandLine = (name: string): string => current.command(name)
/** The running shell's phrases (see Words). */
export const words = (): Words => current.words
