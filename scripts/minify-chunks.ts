/**
 * Minifies the chunks `npm run build` writes next to dist/index.js (the storage SDK, loaded
 * only by a run that uploads): ncc's `--minify` minifies the main file only, and the SDK chunk
 * loaded unminified (1.8 MB) holds the single thread for tens of milliseconds in the middle of
 * the offer reads (docs/benchmarks.md, issue 16). Names are kept, as ncc keeps them, since
 * libraries may read `constructor.name`. Deterministic, so CI's dist/ check still holds.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { transform } from 'esbuild'

// The action's bundle and the CLI's (dist/cli/) each have their own copy of the chunk.
const BUNDLES = ['../dist/', '../dist/cli/'].map((folder) =>
  fileURLToPath(new URL(folder, import.meta.url))
)

for (const file of (await Promise.all(BUNDLES.map(chunksOf))).flat()) {
  const source = await readFile(file, 'utf8')
  const { code } = await transform(source, {
    minify: true,
    keepNames: true,
    format: 'esm',
    // Licence comments stay in dist/licenses.txt, written by ncc.
    legalComments: 'none',
    target: 'node20'
  })
  await writeFile(file, code)
  process.stdout.write(
    `${path.relative(process.cwd(), file)}: ${source.length} → ${code.length} bytes\n`
  )
}

/** The chunk files of a bundle folder: every .js beside its index.js. */
async function chunksOf(folder: string): Promise<string[]> {
  return (await readdir(folder))
    .filter((name) => name !== 'index.js' && name.endsWith('.js'))
    .map((name) => path.join(folder, name))
}
