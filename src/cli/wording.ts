import { INPUTS } from '../inputs/table.js'
import { SUGGESTIBLE } from '../report/outcome.js'

/** The CLI's name, as `bin` in package.json names it. */
export const CLI_NAME = 'partner-center-publish'

const INPUT_NAMES = new Set(INPUTS.map((input) => input.name))
const flag = (whole: string, name: string, cli: string): string =>
  INPUT_NAMES.has(name) ? cli : whole
const isChoice = (name: string, value: string): boolean =>
  SUGGESTIBLE.get(name)?.includes(value) ?? false

/**
 * Each way the engine and the inputs name a workflow setting, as the CLI says it. The messages
 * are written once, for the action (`Input target is …`, `set offer-id to …`, `dry-run: false`,
 * `command: go-live`, "the `manifest` input"); a CLI user types flags and subcommands. Only names
 * in the inputs table are rewritten (unquoted settings only with one of their own values), so
 * text a server wrote cannot be made to suggest a flag or value that does not exist.
 */
const REWRITES: [RegExp, (whole: string, ...groups: string[]) => string][] = [
  [
    /(`?)command: ([a-z-]+)\1/g,
    (whole, _, command) => (isChoice('command', command) ? `\`${CLI_NAME} ${command}\`` : whole)
  ],
  // The inputs' descriptions: `Not needed for command check`, `For command list:`.
  [
    /\bcommand ([a-z-]+)\b/g,
    (whole, command) => (isChoice('command', command) ? `\`${CLI_NAME} ${command}\`` : whole)
  ],
  [/`([a-z-]+): ([^`\s]+)`/g, (whole, name, value) => flag(whole, name, `\`--${name} ${value}\``)],
  // Unquoted, as in `(on-conflict: wait)` or `target: live waits…`.
  [
    /\b([a-z-]+): ([a-z-]+)\b/g,
    (whole, name, value) => (isChoice(name, value) ? `--${name} ${value}` : whole)
  ],
  [/the `?([a-z-]+)`? input/g, (whole, name) => flag(whole, name, `the \`--${name}\` flag`)],
  // `Run the action again`, `the action will find the package`: the CLI runs the same engine.
  [/\b([Tt]h(?:e|is)) action\b/g, (_, the) => `${the} CLI`],
  // `the api-url and login-url inputs`.
  [
    /the ([a-z-]+) and ([a-z-]+) inputs\b/g,
    (whole, one, two) =>
      INPUT_NAMES.has(one) && INPUT_NAMES.has(two) ? `the --${one} and --${two} flags` : whole
  ],
  // InputError's own form: `Input offer-id is empty`.
  [/\bInput ([a-z-]+)\b/g, (whole, name) => flag(whole, name, `--${name}`)],
  // `set offer-id to …`, `set \`wait-timeout\``; quoted only with a hyphen, since "Set
  // \`version\` on the plan" names the manifest's field.
  [
    /\b(set|fix|pass|narrow) (`?)([a-z-]+)\2(?![\w:-])/gi,
    (whole, verb, quote, name) =>
      quote && !name.includes('-') ? whole : flag(whole, name, `${verb} ${quote}--${name}${quote}`)
  ],
  // A hyphenated input named bare, as the sign-in messages do (`Check that client-id is …`,
  // `client-certificate must hold …`): not in code, a path or a flag already, nor as `name:`.
  [
    /(?<![\w`/.-])([a-z]+(?:-[a-z]+)+)(?![\w`:/-])/g,
    (whole, name) => flag(whole, name, `--${name}`)
  ]
]

/** Workflow-only sentences, and what the CLI says instead. */
const SENTENCES: [string, string][] = [
  [
    "Fix the input named above in the step's `with:` block; the README's Inputs table lists every input and its values.",
    `Fix the flag named above; \`${CLI_NAME} <command> --help\` lists every flag and its values.`
  ],
  // A terminal shows no annotations: each manifest error names its file, line and column.
  [
    'Fix the manifest where the annotation points;',
    'Fix the manifest where the error above points (file:line:column);'
  ],
  ['run this action with ', 'run '],
  [', and that the job checked the repository out.', '.'],
  [' (minutes; jobs on GitHub-hosted runners end after 360)', ' (minutes)'],
  ['(see the annotations and the job summary)', '(see the findings above)'],
  ['failed — the job was cancelled', 'failed — interrupted'],
  ['failed — input error', 'failed — usage error'],
  // The inputs table of the summary: the text table's header keeps its width.
  ['▸ Inputs used\nInput ', '▸ Flags used\nFlag  '],
  // A terminal has no step outputs: --json prints the result object, the matrix in it.
  ['the matrix output lists them.', '`--json` prints them as `matrix`.'],
  ['a matrix output does not carry', 'a matrix does not carry'],
  ['the `result` output lists them all', '`--json` prints them all'],
  ['the `result` output has all', '`--json` prints all'],
  ['the `result` output has the whole result', '`--json` prints the whole result'],
  // The inputs' descriptions of sign-in: a CLI has no GitHub secret or OIDC token.
  [
    'or, with `permissions: id-token: write`, with GitHub OIDC federation and no secret at all.',
    'or with the token in AZURE_FEDERATED_TOKEN_FILE (workload identity).'
  ],
  [
    'Audience of the GitHub OIDC token exchanged with Entra ID.',
    "Unused by the CLI, kept as the action's input: a federated token comes from " +
      'AZURE_FEDERATED_TOKEN_FILE, with the audience its platform gave it.'
  ],
  ['(from a secret)', '(the PEM text itself; AZURE_CLIENT_CERTIFICATE_PATH names a file)'],
  // The sign-in messages (src/auth): where the secret is kept, and whose clock and network.
  ['the GitHub secret', 'the secret given to the CLI'],
  ['store the whole output as the secret', 'give all it prints as the PEM text'],
  ["the runner's", "this machine's"],
  ['between the runner and', 'between this machine and']
]

/**
 * A message of the engine or the summary in the CLI's terms: each workflow setting as the flag
 * or subcommand it is (see REWRITES), and the workflow-only sentences replaced.
 * @param text the summary as text, or a log line (any message shown to a CLI user)
 * @returns the same text, in flags and subcommands
 */
export function inCliTerms(text: string): string {
  let cli = text
  for (const [from, to] of SENTENCES) cli = cli.split(from).join(to)
  for (const [pattern, rewrite] of REWRITES) {
    // replace() passes the groups, then the offset and the whole text: only the groups are kept.
    cli = cli.replace(pattern, (whole: string, ...rest: unknown[]) =>
      rewrite(whole, ...(rest.slice(0, -2) as string[]))
    )
  }
  return cli
}
