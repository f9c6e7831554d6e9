// Builds the sample offer's package: examples/contoso-app/package/* → build/contoso-app.zip.
import { mkdir, readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeZip } from './zip.js'

export const EXAMPLE_DIR = fileURLToPath(new URL('../examples/contoso-app/', import.meta.url))

export async function buildExamplePackage(): Promise<string> {
  const source = path.join(EXAMPLE_DIR, 'package')
  const names = await readdir(source)
  const entries = await Promise.all(
    names.map(async (name) => ({ name, data: await readFile(path.join(source, name)) }))
  )
  const output = path.join(EXAMPLE_DIR, 'build', 'contoso-app.zip')
  await mkdir(path.dirname(output), { recursive: true })
  await writeZip(output, entries)
  return output
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`built ${await buildExamplePackage()}`)
}
