import type { CommandDescriptor } from '../commands/command.js'
import { COMMAND_NAMES, DEFAULT_MANIFESTS } from '../commands/index.js'
import type { PreflightPolicy } from '../engine/check/packages.js'
import type { Command, Target } from '../engine/result.js'
import type { OnConflict } from '../engine/run-request.js'
import {
  baseUrl,
  boolean,
  idInput,
  minutes,
  oneOf,
  offerId,
  optionalText,
  productId,
  publisherId,
  text,
  type InputParser
} from './parsers.js'
import { ACTION_NAMING, type InputName, type Naming } from '../naming.js'

/** The inputs, parsed and checked before anything is read or sent: the action's and the CLI's. */
export interface Inputs {
  tenantId: string
  clientId: string
  clientSecret?: string
  clientCertificate?: string
  oidcAudience: string
  manifest: string
  /** For list: the glob that finds the manifests. */
  manifests: string
  offerId?: string
  command: Command
  target: Target
  version?: string
  waitTimeoutMinutes: number
  onConflict: OnConflict
  dryRun: boolean
  preflight: PreflightPolicy
  apiUrl: string
  loginUrl: string
  /** Origin of the Product Ingestion API (Microsoft Graph), for offers the listing omits. */
  graphUrl: string
  /** The offer's product GUID: skips the lookup by offer ID (reference §9.18). */
  productId?: string
  /** Seller/publisher ID, sent as x-ms-publisherId when set (reference §9.3, §9.20). */
  publisherId?: string
  /** For export: the folder the manifest is written to, relative to the workspace. */
  exportPath: string
}

/** One input: the action's input of this name and the CLI's `--name` flag are made from it. */
export interface InputDefinition<K extends keyof Inputs = keyof Inputs> {
  /** The action.yml input and the CLI flag (kebab-case). */
  name: InputName
  /** The field of Inputs it fills. */
  key: K
  /** As in action.yml; '' when it has none. Used when the input is empty or not given. */
  default: string
  /**
   * As in action.yml (a test keeps them equal); the CLI's --help shows it. A function when it
   * names a setting or speaks of the workflow: each shell's words (describeInput).
   */
  description: string | ((say: Naming) => string)
  /** Which commands read it; the CLI offers the flag on those only. */
  usedBy: (command: CommandDescriptor) => boolean
  /** A credential: never shown, only whether it is set. */
  secret?: boolean
  parse: InputParser<Inputs[K]>
}

/** An input's description in a shell's words (the action's by default: action.yml's text). */
export function describeInput(input: InputDefinition, say: Naming = ACTION_NAMING): string {
  return typeof input.description === 'string' ? input.description : input.description(say)
}

type AnyInputDefinition = { [K in keyof Inputs]-?: InputDefinition<K> }[keyof Inputs]

const every = (): boolean => true
const signingIn = (command: CommandDescriptor): boolean => command.signsIn
const named =
  (...names: string[]) =>
  (command: CommandDescriptor): boolean =>
    names.includes(command.name)
const readingOneManifest = (command: CommandDescriptor): boolean => command.manifest !== 'none'

/**
 * Every input, in action.yml's order: name, default, description, which commands use it, and how
 * it is parsed. The action reads each through @actions/core and the CLI through its flags, both
 * with readInputs (read.ts), so the two can never drift; a test compares this table with
 * action.yml and with the CLI's flags.
 */
export const INPUTS: readonly AnyInputDefinition[] = [
  {
    name: 'tenant-id',
    key: 'tenantId',
    default: '',
    description: (say) =>
      `Microsoft Entra tenant ID (GUID or domain) of the app registration that Partner Center trusts. ${say.words.appOptional}`,
    usedBy: signingIn,
    parse: idInput('the Entra tenant of the app registration Partner Center trusts.')
  },
  {
    name: 'client-id',
    key: 'clientId',
    default: '',
    description: (say) =>
      `Application (client) ID of the Entra app registration added to Partner Center with the Manager role. ${say.words.appOptional}`,
    usedBy: signingIn,
    parse: idInput('the application (client) ID of that app registration.')
  },
  {
    name: 'client-secret',
    key: 'clientSecret',
    default: '',
    description: (say) =>
      `Client secret of the app registration. Leave empty to sign in with ${say.input('client-certificate')} ${say.words.federation}`,
    usedBy: signingIn,
    secret: true,
    parse: optionalText
  },
  {
    name: 'client-certificate',
    key: 'clientCertificate',
    default: '',
    description: (say) =>
      `PEM with the app registration's certificate and its private key (${say.words.pemSource}), used to sign a client assertion when ${say.input('client-secret')} is empty.`,
    usedBy: signingIn,
    secret: true,
    parse: optionalText
  },
  {
    name: 'oidc-audience',
    key: 'oidcAudience',
    default: 'api://AzureADTokenExchange',
    description: (say) => say.words.oidcAudience,
    usedBy: signingIn,
    parse: text
  },
  {
    name: 'manifest',
    key: 'manifest',
    default: 'marketplace.yml',
    description:
      'Path to the manifest (YAML or JSON) that names the offer, its plans, packages and versions.',
    usedBy: readingOneManifest,
    parse: text
  },
  {
    name: 'manifests',
    key: 'manifests',
    default: DEFAULT_MANIFESTS,
    description: (say) =>
      `For ${say.command('list')}: glob of the manifests to list (node_modules is ignored), relative to ${say.words.root}.`,
    usedBy: named('list'),
    parse: text
  },
  {
    name: 'offer-id',
    key: 'offerId',
    default: '',
    description: "The offer ID shown in Partner Center. Overrides the manifest's `offer`.",
    usedBy: readingOneManifest,
    parse: offerId
  },
  {
    name: 'command',
    key: 'command',
    default: COMMAND_NAMES[0],
    description: (say) =>
      `publish (upload, bind and submit), status (report the latest submission), go-live (promote the preview-ready submission), cancel (delete the in-progress submission), check (package checks and pre-flight only: no sign-in, no network), list (find the manifests and give the matrix of offers: no sign-in, no network) or export (write the offer as a manifest into ${say.input('export-path')}).`,
    usedBy: every,
    parse: oneOf(COMMAND_NAMES)
  },
  {
    name: 'target',
    key: 'target',
    default: 'preview',
    description:
      'For publish: draft (update the draft only), preview (submit to preview) or live (submit, wait for the preview, promote and wait until live).',
    usedBy: (command) => command.takesTarget,
    parse: oneOf(['draft', 'preview', 'live'] as const)
  },
  {
    name: 'version',
    key: 'version',
    default: '',
    description:
      "Version for every plan's technical configuration. Default: each plan's manifest version, else the manifest's, else the release tag (refs/tags/v1.2.3 → 1.2.3).",
    usedBy: (command) => command.manifest === 'required',
    // Checked with the manifest's rule, by the same function, when the version is resolved.
    parse: optionalText
  },
  {
    name: 'wait-timeout',
    key: 'waitTimeoutMinutes',
    default: '0',
    description: (say) =>
      `Minutes to wait for the target state after submitting, 0 to 10080 (7 days). 0 returns once the submission is created (\`${say.setting('target', 'live')}\` needs a wait long enough for certification).`,
    usedBy: named('publish', 'go-live'),
    parse: minutes
  },
  {
    name: 'on-conflict',
    key: 'onConflict',
    default: 'fail',
    description:
      'A submission is already in progress: fail, wait (until it ends) or cancel (delete it).',
    usedBy: named('publish'),
    parse: oneOf(['fail', 'wait', 'cancel'] as const)
  },
  {
    name: 'dry-run',
    key: 'dryRun',
    default: 'false',
    description:
      'true: make read-only calls only, and print and summarise the changes it would make.',
    usedBy: named('publish', 'go-live', 'cancel'),
    parse: boolean
  },
  {
    name: 'preflight',
    key: 'preflight',
    default: 'error',
    description:
      "Pre-flight of the packages' templates (ARM Template Test Toolkit rules): error (errors stop the run before anything is written), warn (report and go on) or off.",
    usedBy: (command) => command.manifest === 'required',
    parse: oneOf(['error', 'warn', 'off'] as const)
  },
  {
    name: 'api-url',
    key: 'apiUrl',
    default: 'https://api.partner.microsoft.com',
    description: 'Base URL of the Partner Center API (for proxies, tests and the emulator).',
    usedBy: signingIn,
    parse: baseUrl
  },
  {
    name: 'login-url',
    key: 'loginUrl',
    default: 'https://login.microsoftonline.com',
    description: 'Base URL of Microsoft Entra ID (sovereign clouds, tests and the emulator).',
    usedBy: signingIn,
    parse: baseUrl
  },
  {
    name: 'graph-url',
    key: 'graphUrl',
    default: 'https://graph.microsoft.com',
    description:
      'Origin of the Product Ingestion API (Microsoft Graph), asked for offers the product listing omits.',
    usedBy: signingIn,
    parse: baseUrl
  },
  {
    name: 'product-id',
    key: 'productId',
    default: '',
    description:
      "The offer's product GUID (in its Partner Center URL); skips looking the offer up. Overrides the manifest's productId.",
    usedBy: signingIn,
    parse: productId
  },
  {
    name: 'publisher-id',
    key: 'publisherId',
    default: '',
    description:
      'Your Partner Center seller ID, sent as the x-ms-publisherId header on every call when set.',
    usedBy: signingIn,
    parse: publisherId
  },
  {
    name: 'export-path',
    key: 'exportPath',
    default: 'marketplace-export/',
    description:
      'For export: the folder, inside the workspace, that marketplace.yml is written to.',
    usedBy: named('export'),
    parse: text
  }
]
