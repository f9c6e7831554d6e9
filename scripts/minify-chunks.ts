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

const DIST = fileURLToPath(new URL('../dist/', import.meta.url))

for (const name of await readdir(DIST)) {
  if (name === 'index.js' || !name.endsWith('.js')) continue
  const file = path.join(DIST, name)
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
  process.stdout.write(`${name}: ${source.length} → ${code.length} bytes\n`)
}
