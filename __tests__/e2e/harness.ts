/**
 * End-to-end harness: the emulator in this process, the bundled action (dist/index.js) as a
 * child process against it, in a temporary workspace with a manifest and real zip packages.
 */
import { expect } from '@jest/globals'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  parseProfileName,
  SAMPLE,
  startEmulator,
  type Emulator,
  type EmulatorOptions
} from '../../emulator/index.js'
import { secretForms } from '../../src/boundary/secrets.js'
import type { RunResult } from '../../src/engine/result.js'
import {
  emulatorInputs,
  runAction,
  type ActionRun,
  type RunActionOptions
} from '../../scripts/run-action.js'
import { examplePackageEntries } from '../../scripts/build-example.js'
import { zipBuffer, type ZipEntry } from '../../scripts/zip.js'

/** A package that passes the checks and the pre-flight: the sample offer's. */
export const VALID_PACKAGE: ZipEntry[] = examplePackageEntries()

/** A two-plan manifest for the sample offer: standard (managed app), premium (solution template). */
export const TWO_PLANS = [
  'offer: contoso-app',
  'plans:',
  '  - id: standard',
  '    package: build/standard.zip',
  '  - id: premium',
  '    package: build/premium.zip'
].join('\n')

export interface Harness {
  emulator: Emulator
  workspace: string
  /** Writes a file into the workspace (a zip from entries, or text). */
  write(name: string, content: string | ZipEntry[]): Promise<void>
  run(inputs?: Record<string, string>, options?: Partial<RunActionOptions>): Promise<ActionRun>
  close(): Promise<void>
}

/**
 * The emulator profile a test gets unless it asks for one: EMULATOR_PROFILE (classic or 2026), so
 * the whole suite can run against either service (`EMULATOR_PROFILE=2026 npm test -- e2e`).
 */
export const DEFAULT_PROFILE = parseProfileName(process.env.EMULATOR_PROFILE, 'classic')

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  // Fast simulated time: the emulator's minutes of processing and certification pass in seconds.
  const emulator = await startEmulator({ speed: 600, profile: DEFAULT_PROFILE, ...options })
  const workspace = await mkdtemp(path.join(tmpdir(), 'e2e-workspace-'))
  const write: Harness['write'] = async (name, content) => {
    const file = path.join(workspace, name)
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, typeof content === 'string' ? content : zipBuffer(content))
  }
  await write('marketplace.yml', TWO_PLANS)
  await write('build/standard.zip', VALID_PACKAGE)
  await write('build/premium.zip', [...VALID_PACKAGE, { name: 'nested/extra.json', data: '{}' }])
  return {
    emulator,
    workspace,
    write,
    run: (inputs = {}, extra = {}) =>
      runAction({
        cwd: workspace,
        ...extra,
        inputs: { ...emulatorInputs(emulator.url), ...inputs },
        env: { GITHUB_REF: 'refs/tags/v1.2.3', PARTNER_CENTER_POLL_MS: '50,200', ...extra.env }
      }),
    close: async () => {
      await emulator.close()
      await rm(workspace, { recursive: true, force: true })
    }
  }
}

/** Requests that change something in Partner Center or in storage (token requests excepted). */
export function writeRequests(emulator: Emulator): string[] {
  return emulator.requests
    .filter((request) => request.method !== 'GET' && request.method !== 'HEAD')
    .filter((request) => !/\/oauth2\//.test(request.path))
    .map((request) => `${request.method} ${request.path}`)
}

/**
 * Requests to Partner Center (ingestion, Graph) or storage, as `METHOD path`: all but the sign-in's
 * (the Entra token request, GitHub's ID token), which the action sends as soon as its inputs are
 * usable, while it reads the manifest (issue 16, `src/shell/early-sign-in.ts`).
 */
export function partnerCenterCalls(emulator: Emulator): string[] {
  return emulator.requests
    .filter((request) => !/\/oauth2\/|^\/github\/idtoken/.test(request.path))
    .map((request) => `${request.method} ${request.path}`)
}

/** The offer as the emulator holds it before a run, and how many writes it had received. */
export interface OfferBefore {
  offer: ReturnType<Emulator['inspect']>
  writes: number
}

export function offerBefore(emulator: Emulator): OfferBefore {
  return { offer: emulator.inspect(SAMPLE.offerId), writes: writeRequests(emulator).length }
}

/**
 * Checks that a run that was refused after it started packages ahead (created and uploaded while
 * the offer was read, src/engine/apply/speculative-packages.ts) left nothing behind: the offer is
 * as `before` (its packages, technical configurations, drafts and submissions, from
 * `emulator.inspect`), every write of the run went to a package it created (POST, its blob, its
 * Uploaded mark, its DELETE), each of them was deleted, and the summary says nothing was changed.
 */
export function expectNothingLeftBehind(
  run: ActionRun,
  emulator: Emulator,
  before: OfferBefore
): void {
  expect(emulator.inspect(SAMPLE.offerId)).toEqual(before.offer)
  const writes = writeRequests(emulator).slice(before.writes)
  const created = writes.filter((write) => /^POST \S+\/packages$/i.test(write)).length
  const deleted = writes.flatMap(
    (write) => /^DELETE \S+\/packages\/([\w-]+)$/i.exec(write)?.[1] ?? []
  )
  expect(deleted).toHaveLength(created)
  const ofDeleted = (write: string) =>
    /^POST \S+\/packages$/i.test(write) ||
    deleted.some((id) => write.endsWith(`/packages/${id}`) || write.includes(`/pkgfile-${id}/`))
  expect(writes.filter((write) => !ofDeleted(write))).toEqual([])
  expect(run.summary).toContain('Nothing was changed in Partner Center')
  if (created > 0) expect(run.summary).toMatch(/deleted again, nothing is left behind/)
}

/**
 * Everything the action printed or wrote (stdout, stderr, summary, GITHUB_ENV, outputs), minus the `::add-mask::` commands that the runner
 * consumes, must be free of every secret: the client secret, each bearer token the emulator saw,
 * each SAS signature, and each client secret or client assertion (a signed certificate assertion
 * or a GitHub ID token) sent to the token endpoint, right or wrong.
 */
export function expectNoSecrets(run: ActionRun, emulator: Emulator, extra: string[] = []): void {
  const secrets = new Set<string>([SAMPLE.clientSecret, ...extra])
  for (const request of emulator.requests) {
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')
    if (bearer) secrets.add(bearer[1])
    if (/\/oauth2\//.test(request.path)) {
      const form = new URLSearchParams(request.body)
      for (const field of ['client_secret', 'client_assertion']) {
        const value = form.get(field)
        if (value) secrets.add(value)
      }
    }
    const sig = new URLSearchParams(request.query).get('sig')
    if (sig) {
      secrets.add(sig)
      secrets.add(encodeURIComponent(sig))
    }
  }
  const visible = [
    run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n'),
    run.stderr,
    run.summary,
    run.env,
    JSON.stringify(run.outputs)
  ].join('\n')
  // Every form: raw, URL- and form-encoded, base64 (src/boundary/secrets.ts).
  for (const form of [...secrets].flatMap(secretForms)) {
    expect(visible.includes(form) ? `leaked: ${form.slice(0, 6)}…` : 'clean').toBe('clean')
  }
}

/** The result output, parsed. */
export function resultOf(run: ActionRun): RunResult {
  return JSON.parse(run.outputs.result ?? '{}') as RunResult
}
