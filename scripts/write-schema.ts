// Writes schemas/marketplace.schema.json from the schema the action validates with.
import { writeFileSync } from 'node:fs'
import { manifestSchema } from '../src/manifest/schema.js'

const file = new URL('../schemas/marketplace.schema.json', import.meta.url)
writeFileSync(file, JSON.stringify(manifestSchema, null, 2) + '\n')
console.log(`wrote ${file.pathname}`)
