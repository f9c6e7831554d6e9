import type { CommandDescriptor } from './command.js'

/** The `manifests` input's default: every marketplace.yml in the repository. */
export const DEFAULT_MANIFESTS = '**/marketplace.yml'

/**
 * Every command the action knows, the default first. A new command is its own file (its `run…`
 * function) and one entry here: the `command` input, its checks, dispatch and the action.yml test
 * read this list.
 *
 * Each `load` imports its command's module when it is called, not before: the engine, the Partner
 * Center client, the manifest and package readers (yaml, yauzl, jsonc-parser, diff, tinyglobby)
 * are not part of the start-up that a run failing on its inputs pays (issue 16,
 * docs/benchmarks.md, start-up).
 */
export const COMMANDS: readonly CommandDescriptor[] = [
  {
    name: 'publish',
    manifest: 'required',
    uploads: true,
    takesTarget: true,
    signsIn: true,
    title: (request) => `publish to ${request.target}`,
    example: {
      flags: ['--target', 'live', '--wait-timeout', '240'],
      does: 'publish to preview, then live, waiting up to 4 hours'
    },
    load: async () => (await import('./publish.js')).runPublish
  },
  {
    name: 'status',
    manifest: 'optional',
    uploads: false,
    takesTarget: false,
    signsIn: true,
    title: () => 'status',
    example: {
      flags: ['--offer-id', 'contoso-app', '--json'],
      does: 'the newest submission of an offer, as JSON'
    },
    load: async () => (await import('./status.js')).runStatus
  },
  {
    name: 'go-live',
    manifest: 'optional',
    uploads: false,
    takesTarget: false,
    signsIn: true,
    title: () => 'go-live',
    example: {
      flags: ['--offer-id', 'contoso-app', '--wait-timeout', '60'],
      does: 'promote the preview-ready submission and follow it for an hour'
    },
    load: async () => (await import('./go-live.js')).runGoLive
  },
  {
    name: 'cancel',
    manifest: 'optional',
    uploads: false,
    takesTarget: false,
    signsIn: true,
    title: () => 'cancel',
    example: { flags: ['--offer-id', 'contoso-app'], does: 'delete the submission in progress' },
    load: async () => (await import('./cancel.js')).runCancel
  },
  {
    name: 'check',
    manifest: 'required',
    uploads: false,
    takesTarget: false,
    signsIn: false,
    title: () => 'check',
    example: {
      flags: ['--manifest', 'offers/contoso/marketplace.yml', '--preflight', 'warn'],
      does: "check one offer's packages; pre-flight findings as warnings"
    },
    load: async () => (await import('./check.js')).runCheck
  },
  {
    name: 'export',
    manifest: 'optional',
    uploads: false,
    takesTarget: false,
    signsIn: true,
    title: () => 'export',
    example: {
      flags: ['--offer-id', 'contoso-app', '--export-path', 'marketplace-export/'],
      does: 'write the offer as marketplace-export/marketplace.yml'
    },
    load: async () => (await import('./export.js')).runExport
  },
  {
    name: 'list',
    manifest: 'none',
    uploads: false,
    takesTarget: false,
    signsIn: false,
    title: () => 'list',
    example: {
      flags: ['--manifests', 'offers/**/marketplace.yml', '--json'],
      does: "the offers of a repository, as the matrix's JSON"
    },
    load: async () => (await import('./list.js')).runList
  }
]

/** The `command` input's allowed values. */
export const COMMAND_NAMES: readonly string[] = COMMANDS.map((command) => command.name)

/** The descriptor of a command the input check has let through; throws for any other name. */
export function commandNamed(name: string): CommandDescriptor {
  const command = COMMANDS.find((candidate) => candidate.name === name)
  if (!command) throw new Error(`Unknown command "${name}"; known: ${COMMAND_NAMES.join(', ')}.`)
  return command
}
