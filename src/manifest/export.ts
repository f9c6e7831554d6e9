import { Document } from 'yaml'
import { findDuplicates } from './duplicates.js'
import type { Manifest } from './manifest.js'
import { SCHEMA_URL } from './schema.js'
import validate from './validate-manifest.generated.js'
import { commandLine } from '../naming.js'

/** What export writes: a manifest without its file path; plans only when it names packages. */
export type ExportedManifest = Omit<Manifest, 'file' | 'plans' | 'imagePositions'> & {
  plans?: Manifest['plans']
}

/**
 * The manifest as YAML text, with the schema line editors read first, so the exported file is
 * checked as it is edited. Long texts keep their line breaks (block scalars); nothing is folded
 * (`lineWidth: 0`), so the text read back is byte for byte the text exported; quotes are
 * single, as Prettier writes YAML.
 */
export function renderManifest(manifest: ExportedManifest): string {
  const document = new Document(manifest)
  document.commentBefore =
    ` yaml-language-server: $schema=${SCHEMA_URL}\n` +
    ` Written by ${commandLine('export')} from the offer in Partner Center; publishing it unchanged\n` +
    ' changes nothing. Add `plans` with their packages to publish new versions.'
  return document.toString({ lineWidth: 0, singleQuote: true })
}

/**
 * The exported manifest without the fields a manifest cannot hold as Partner Center holds them
 * (a phone with an extension, a keyword twice, a text over the schema's limit): publishing the
 * export must pass the manifest's checks, and a field left out stays as it is, so the round trip
 * stays a no-op. A field is left out whole (`listing.en-us.keywords`, a whole contact, a plan's
 * `availability.markets`). Returns the fields left out, by their dotted path.
 */
export function leaveOutWhatCannotBeRead(manifest: ExportedManifest): string[] {
  const left: string[] = []
  // Each round drops one field; a manifest has far fewer fields than this bound.
  for (let round = 0; round < 1000; round++) {
    const at = validate(manifest)
      ? findDuplicates(manifest)[0]?.at.map(String)
      : validate.errors?.[0]?.instancePath.split('/').slice(1)
    if (!at) return left
    const field = fieldOf(at)
    if (!field) return left
    removeAt(manifest, field)
    left.push(field.join('.'))
  }
  return left
}

/**
 * The field a path is in: `listing.<language>.<field>` (a contact: `…contacts.<which>`),
 * `properties.<field>`, `previewAudience`, `plans.<index>.<section>.<field>`, or the plan for
 * its other fields; undefined for the offer ID, which cannot be left out.
 */
function fieldOf(at: string[]): string[] | undefined {
  const depth: Record<string, number> = { listing: 3, properties: 2, previewAudience: 1, plans: 4 }
  let length = depth[at[0]]
  if (!length) return undefined
  if (at[0] === 'listing' && at[2] === 'contacts') length = 4
  if (at[0] === 'plans' && !['listing', 'availability'].includes(at[2])) length = 2
  return at.length >= length ? at.slice(0, length) : at.slice(0, 1)
}

function removeAt(manifest: ExportedManifest, at: string[]): void {
  const parent = at
    .slice(0, -1)
    .reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], manifest)
  const last = at[at.length - 1]
  if (Array.isArray(parent)) parent.splice(Number(last), 1)
  else delete (parent as Record<string, unknown>)[last]
}
