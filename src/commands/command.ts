import type { EngineContext } from '../engine/context.js'
import type { RunRequest } from '../engine/run-request.js'

/**
 * Everything the action needs to know about one command. The `command` input's allowed values,
 * the checks of which inputs a command needs, the action.yml test and the dispatch all read these
 * descriptors, so a new command is its own file plus one line in the list (index.ts).
 */
export interface CommandDescriptor {
  /** The value of the `command` input. */
  name: string
  /**
   * `required`: the command reads the manifest (publish). `optional`: it only needs the offer ID,
   * from the `offer-id` input or, when there is one, from the manifest. `none`: it reads no one
   * manifest (list finds many).
   */
  manifest: 'required' | 'optional' | 'none'
  /** Whether it uploads packages (the shell loads the storage SDK early for it). */
  uploads: boolean
  /** Whether it takes the `target` input (draft, preview, live). */
  takesTarget: boolean
  /**
   * Whether it signs in and talks to Partner Center. `check` does not: it needs no tenant-id,
   * client-id or credential, so it runs in pull requests from forks, which get no secrets.
   */
  signsIn: boolean
  /** The job summary's title for this request: `publish to preview`, `status`. */
  title: (request: Pick<RunRequest, 'target'>) => string
  /**
   * A typical use on the command line, shown by the CLI's `--help`: the flags after the command's
   * name (sign-in from the environment), and what it does. A test parses each.
   */
  example: { flags: string[]; does: string }
  /**
   * Loads the command's module and returns its work, which throws on failure, with everything
   * done so far in the context's recorder. The shell starts loading as soon as the inputs are
   * read, so the module loads while the manifest is read (issue 16, start-up).
   */
  load: () => Promise<(context: EngineContext) => Promise<void>>
}
