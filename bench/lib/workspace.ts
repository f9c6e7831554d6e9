/** A temporary workspace with a manifest and one small valid package per plan. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { examplePackageEntries } from '../../scripts/build-example.js'
import { zipBuffer, type ZipEntry } from '../../scripts/zip.js'

/** A package that passes the checks and the pre-flight: the sample offer's. */
export const VALID_PACKAGE: ZipEntry[] = examplePackageEntries()

export interface Workspace {
  dir: string
  dispose(): Promise<void>
}

/** `packages` maps a plan id to the path of its package; by default a small valid zip. */
export async function planWorkspace(
  planIds: string[],
  packages: Record<string, string> = {}
): Promise<Workspace> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-workspace-'))
  await mkdir(path.join(dir, 'build'))
  const lines = ['offer: contoso-app', 'plans:']
  for (const planId of planIds) {
    let file = packages[planId]
    if (!file) {
      file = path.join(dir, 'build', `${planId}.zip`)
      // Different content per plan, as real plans have.
      await writeFile(file, zipBuffer([...VALID_PACKAGE, { name: 'plan.txt', data: planId }]))
    }
    lines.push(`  - id: ${planId}`, `    package: ${JSON.stringify(file)}`)
  }
  await writeFile(path.join(dir, 'marketplace.yml'), lines.join('\n') + '\n')
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) }
}
