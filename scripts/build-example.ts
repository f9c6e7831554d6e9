// Builds the sample offer's package: examples/contoso-app/package/* → build/contoso-app.zip.
import { readdirSync, readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeZip, type ZipEntry } from './zip.js'

export const EXAMPLE_DIR = fileURLToPath(new URL('../examples/contoso-app/', import.meta.url))

/**
 * The sample offer's package files (a storage account that passes the pre-flight): the valid
 * package of the demo, the end-to-end tests and the benchmarks.
 */
export function examplePackageEntries(): ZipEntry[] {
  const source = path.join(EXAMPLE_DIR, 'package')
  return readdirSync(source).map((name) => ({
    name,
    data: readFileSync(path.join(source, name))
  }))
}

export async function buildExamplePackage(): Promise<string> {
  const entries = examplePackageEntries()
  const output = path.join(EXAMPLE_DIR, 'build', 'contoso-app.zip')
  await mkdir(path.dirname(output), { recursive: true })
  await writeZip(output, entries)
  return output
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`built ${await buildExamplePackage()}`)
}
