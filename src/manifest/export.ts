import { Document } from 'yaml'
import type { Manifest } from './manifest.js'
import { SCHEMA_URL } from './schema.js'

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
    ' Written by `command: export` from the offer in Partner Center; publishing it unchanged\n' +
    ' changes nothing. Add `plans` with their packages to publish new versions.'
  return document.toString({ lineWidth: 0, singleQuote: true })
}
