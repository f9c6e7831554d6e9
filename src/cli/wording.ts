import { INPUTS } from '../inputs/table.js'
import { CLI_NAME } from './program.js'

const INPUT_NAMES = new Set(INPUTS.map((input) => input.name))

/**
 * The summary's advice in the CLI's terms: the engine speaks to a workflow (`dry-run: false`,
 * `command: go-live`, "the `manifest` input", the step's `with:` block, annotations), while a CLI user types
 * flags and subcommands. Only names in the inputs table are rewritten, so text a server wrote
 * cannot be made to suggest a flag that does not exist.
 * @param text the summary as text (or any message shown to a CLI user)
 * @returns the same text with each workflow setting written as the flag or subcommand it is
 */
export function inCliTerms(text: string): string {
  return (
    text
      .replace(/`command: ([a-z-]+)`/g, (_, command: string) => `\`${CLI_NAME} ${command}\``)
      .replace(/`([a-z-]+): ([^`\s]+)`/g, (whole, name: string, value: string) =>
        INPUT_NAMES.has(name) ? `\`--${name} ${value}\`` : whole
      )
      .replace(/the `?([a-z-]+)`? input/g, (whole, name: string) =>
        INPUT_NAMES.has(name) ? `the \`--${name}\` flag` : whole
      )
      .replace(
        "Fix the input named above in the step's `with:` block; the README's Inputs table lists every input and its values.",
        `Fix the flag named above; \`${CLI_NAME} <command> --help\` lists every flag and its values.`
      )
      // A terminal shows no annotations: each manifest error names its file, line and column.
      .replace(
        'Fix the manifest where the annotation points;',
        'Fix the manifest where the error above points (file:line:column);'
      )
  )
}
