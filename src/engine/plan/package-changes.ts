import { compareVersions } from '../../manifest/version-rule.js'
import { uploadFileName, type PlanWork } from '../read/plan-packages.js'
import { RequestError } from '../run-request.js'
import type { Change } from '../result.js'
import { naming } from '../../naming.js'

/**
 * A plan's changes: none when the plan already has this very package at this version (a
 * re-run); else the package (a new upload, or the continuation of an earlier run's) and the
 * technical configuration's new version pointing at it. Fills `work.changes` and returns them in
 * the order they are applied.
 *
 * Throws RequestError, before anything is written, for a version that is not greater than the
 * plan's current one: Partner Center refuses an equal or lower version only after the packages
 * were uploaded and processed (its 400 on the configuration PUT), leaving them behind.
 */
export function planPackageChanges(work: PlanWork): Change[] {
  const { planned } = work
  const current = work.configuration.version || undefined
  if (work.reusable) return []
  if (current && compareVersions(planned.version, current) <= 0) {
    const equal = compareVersions(planned.version, current) === 0
    throw new RequestError(
      `Plan ${planned.planId}: version ${planned.version} ` +
        (equal
          ? `equals its current version ${current}, which holds another package. `
          : `is lower than its current version ${current}. `) +
        'Partner Center requires each new version to be greater: raise the version in the ' +
        `manifest, ${naming().theInput('version')} or the release tag (for example to ${nextPatch(current)}).`
    )
  }
  const subject = planned.planId
  const fileName = uploadFileName(work)
  const { earlier } = work
  const packageChange: Change = earlier
    ? {
        kind: 'continue-package',
        module: 'Package',
        subject,
        from: earlier.state,
        to: fileName,
        // A package still waiting for its file gets it; one uploaded already only needs its wait.
        writes: /^PendingUpload$/i.test(earlier.state) ? ['PUT blob', 'PUT packages'] : [],
        description: `Plan ${subject}: continue with package ${earlier.id} (${fileName}), left ${earlier.state} by an earlier run`,
        done: false
      }
    : {
        kind: 'upload-package',
        module: 'Package',
        subject,
        to: fileName,
        writes: ['POST packages', 'PUT blob', 'PUT packages'],
        description: `Plan ${subject}: upload ${planned.packageLabel} (${work.checked.size} bytes) as ${fileName}`,
        done: false
      }
  const bind: Change = {
    kind: 'bind-package',
    module: 'Package',
    subject,
    from: current,
    to: planned.version,
    writes: ['PUT packageConfigurations'],
    description: `Plan ${subject}: technical configuration ${current ?? '(none)'} → ${planned.version}`,
    done: false
  }
  work.changes = { package: packageChange, bind }
  return [packageChange, bind]
}

/** The smallest version greater than `version`, for the message that says how to raise it. */
function nextPatch(version: string): string {
  const [major, minor, patch] = version.split('.').map(Number)
  return `${major}.${minor}.${patch + 1}`
}
