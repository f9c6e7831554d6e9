// Writes the example offer's logos (examples/contoso-app/images/*.png): plain one-colour PNGs of
// the sizes Partner Center wants (src/images/requirements.ts), made locally, no network.
// Run with `npx tsx scripts/write-example-images.ts`; the files are committed.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { solidPng } from '../emulator/png.js'
import { LOGO_KINDS, SCREENSHOT_KIND } from '../src/images/requirements.js'
import { EXAMPLE_DIR } from './build-example.js'

/** Contoso teal: differs from the emulator's seeded logos, so the demo plans their replacement. */
const COLOUR: [number, number, number] = [0, 128, 128]

const folder = path.join(EXAMPLE_DIR, 'images')
mkdirSync(folder, { recursive: true })
for (const kind of [...Object.values(LOGO_KINDS), SCREENSHOT_KIND]) {
  const file = path.join(folder, `${kind.fileStem}.png`)
  writeFileSync(file, solidPng(kind.width, kind.height, COLOUR))
  console.log(`wrote ${path.relative(process.cwd(), file)}`)
}
