import {
  checkPackageStructure,
  hashPackage,
  notAZip,
  type CheckedPackage,
  type PackageFile
} from '../../app-package/check-package.js'
import { NotAZipError } from '../../app-package/zip-directory.js'
import type { Manifest, SkippedRule } from '../../manifest/manifest.js'
import type { Finding } from '../../preflight/finding.js'
import type { Logger } from '../../logging.js'
import { settleAll, type EngineContext } from '../context.js'
import { planPlans, type PlannedPlan } from '../plan/desired.js'
import { RequestError } from '../run-request.js'
import { setting, words } from '../../naming.js'
import type { Suggesting, Suggestion } from '../../suggestions.js'

/**
 * What the pre-flight does with its findings: `error` stops the run before anything is written
 * when a finding is an error (warnings are shown), `warn` shows them all and goes on, `off`
 * does not run it.
 */
export type PreflightPolicy = 'error' | 'warn' | 'off'

/** The pre-flight's part of the result: the policy, the rules skipped and why, the findings. */
export interface PreflightReport {
  policy: PreflightPolicy
  skipped: SkippedRule[]
  findings: Finding[]
}

/** Errors found by the pre-flight under `preflight: error`; the message counts them and says what to do. */
export class PreflightError extends Error implements Suggesting {
  override name = 'PreflightError'
  readonly suggests: readonly Suggestion[] = [{ input: 'preflight', value: 'warn' }]
}

/**
 * Resolves every plan of the manifest and checks its package (a readable zip with the two
 * required files, its size), then runs the pre-flight of the templates, before anything is read
 * from or written to Partner Center (the shell's sign-in may be under way: `startSignIn`). Records the plans and the pre-flight report.
 * `versionRequired: false` (check) lets a plan have no version (see `planPlans`).
 * Returns each plan's package file (path, size), in plan order; hashing them is left to the
 * caller that uploads (`hashPackages`), so `check` never reads a whole package for it.
 * Throws RequestError (bad version, unknown rule to skip), PackageCheckError (a package that is
 * not a usable zip), PreflightError (errors found under policy `error`).
 */
export async function planAndCheckPackages(
  context: EngineContext,
  options: { versionRequired?: boolean } = {}
): Promise<{ planned: PlannedPlan[]; files: PackageFile[] }> {
  const { request, recorder, logger } = context
  if (!request.manifest) throw new RequestError(`${request.command} needs a manifest.`)
  const planned = planPlans(request, request.manifest, options)
  recorder.plans(
    planned.map((plan) => ({
      planId: plan.planId,
      file: plan.packageLabel,
      version: plan.version,
      state: 'planned'
    }))
  )
  const policy = request.preflight ?? 'error'
  const skipped = await skippedRules(request.manifest)
  const report: PreflightReport = { policy, skipped, findings: [] }
  if (policy !== 'off') recorder.preflight(report)

  const files = await context.group('Check packages', async () => {
    for (const { rule, reason } of skipped) {
      logger.info(`Pre-flight: rule "${rule}" skipped: ${reason}`)
    }
    const skip = new Set(skipped.map(({ rule }) => rule.toLowerCase()))
    const checked = await settleAll(planned, async (plan) => {
      const result = await checkPackageStructure(plan.packagePath, `Plan ${plan.planId}`)
      recorder.plan(plan.planId, { size: result.size, state: 'checked' })
      logger.info(
        `Plan ${plan.planId}: ${plan.packageLabel} (${result.size} bytes) is a valid package`
      )
      return result
    })
    if (policy !== 'off') {
      const findings = await settleAll(planned, (plan, index) =>
        preflightOne(plan, checked[index], skip)
      )
      report.findings.push(...findings.flat())
    }
    return checked
  })
  if (policy !== 'off') stopOnErrors(report, logger)
  return { planned, files }
}

/**
 * Starts hashing the packages (one streamed read each: SHA-256, and MD5 where a single-request
 * upload uses it) and returns at once, so that the hashing runs while Partner Center is read (a
 * 2 GiB package takes seconds); await the promise before the hashes are needed. A failed read
 * is not left unhandled when the caller fails (the offer not found) before it awaits.
 */
export function hashPackages(files: PackageFile[]): Promise<CheckedPackage[]> {
  const hashing = Promise.all(files.map(hashPackage))
  hashing.catch(() => undefined)
  return hashing
}

/**
 * The pre-flight's rules and JSON reader, loaded once the packages' zips are checked: they are
 * not on the way to the sign-in (issue 16, docs/benchmarks.md, start-up), unless the manifest
 * skips rules, whose names must be known before then.
 */
function loadPreflight(): Promise<typeof import('../../preflight/preflight.js')> {
  return import('../../preflight/preflight.js')
}

async function preflightOne(
  plan: PlannedPlan,
  checked: PackageFile,
  skip: Set<string>
): Promise<Finding[]> {
  const { preflightPackage } = await loadPreflight()
  try {
    return await preflightPackage(checked.path, checked.size, { planId: plan.planId, skip })
  } catch (error) {
    if (error instanceof NotAZipError) {
      throw notAZip(`Plan ${plan.planId}`, plan.packageLabel, error)
    }
    throw error
  }
}

/** The manifest's rules to skip, refusing names that are not pre-flight rules (a typo skips nothing). */
async function skippedRules(manifest: Manifest): Promise<SkippedRule[]> {
  const skipped = manifest.preflight?.skip ?? []
  if (skipped.length === 0) return []
  const { PREFLIGHT_RULE_NAMES } = await loadPreflight()
  const known = new Map(PREFLIGHT_RULE_NAMES.map((name) => [name.toLowerCase(), name]))
  return skipped.map(({ rule, reason }) => {
    const name = known.get(rule.trim().toLowerCase())
    if (!name) {
      throw new RequestError(
        `The manifest's preflight.skip names "${rule}", which is not a pre-flight rule. ` +
          `Rules: ${PREFLIGHT_RULE_NAMES.join(', ')}.`
      )
    }
    return { rule: name, reason }
  })
}

function stopOnErrors(report: PreflightReport, logger: Logger): void {
  const errors = report.findings.filter((finding) => finding.severity === 'error').length
  const warnings = report.findings.length - errors
  logger.info(
    `Pre-flight (ARM Template Test Toolkit rules): ${errors} error(s), ${warnings} warning(s)`
  )
  if (errors > 0 && report.policy === 'error') {
    throw new PreflightError(
      `The pre-flight found ${errors} error(s) and ${warnings} warning(s) in the packages that ` +
        `certification would likely reject; nothing was sent to Partner Center. Fix them (${words().findings}), ` +
        'skip a rule with a reason in the manifest ' +
        `(\`preflight.skip\`), or set \`${setting('preflight', 'warn')}\`.`
    )
  }
}
