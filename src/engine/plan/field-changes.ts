import { createTwoFilesPatch } from 'diff'
import type { OfferSnapshot } from '../read/offer.js'
import type { Change } from '../result.js'

/** A module whose draft resource the manifest edits field by field (§6.2). */
export type FieldModule = 'Listing' | 'Property' | 'Availability'

/** The resource type of such a draft, which chooses its PUT (§5.5, §5.7, §5.8, §5.9). */
export type DraftKind = 'listing' | 'property' | 'productAvailability' | 'featureAvailability'

/**
 * One field of a draft resource in the manifest's terms: how to read it from the resource as
 * Partner Center returns it, what the manifest asks for, and how to write that into a copy of the
 * resource about to be PUT. `R`: the resource (AzureListing, AzureProperty…); `M`: its manifest
 * section.
 */
export interface DraftField<R, M> {
  /** The manifest's name of the field (`contacts.support`, `categories`). */
  name: string
  /** Long texts: the plan shows a unified diff instead of both values. */
  long?: boolean
  /** The value as the manifest would say it (empty text, empty list when unset). */
  read(resource: R): unknown
  /** The value the manifest asks for, or undefined when it leaves the field out. */
  wanted(manifest: M): unknown
  /** Writes the manifest's value into the copy of the resource about to be PUT. */
  write(resource: R, manifest: M): void
}

/**
 * One draft resource's update: the whole resource as read with the manifest's fields written in
 * (a PUT replaces the whole resource, §5.5, §9.5) and one `update-field` change per field that
 * differs. All its changes are made by the one write `write` names.
 */
export interface DraftUpdate<R> {
  module: FieldModule
  kind: DraftKind
  resource: R
  changes: Change[]
  /**
   * For a plan this run creates, planned against its assumed drafts: reads the real draft once
   * the plan exists and compares again, giving the update to write instead (undefined: the draft
   * already holds every field).
   */
  refresh?: (offer: OfferSnapshot) => Promise<DraftUpdate<R> | undefined>
}

export interface FieldComparison<R, M> {
  module: FieldModule
  kind: DraftKind
  /** The offer ID or plan ID the rows name. */
  subject: string
  /** Before each field's name in the rows: `en-us.` for a listing's language. */
  prefix?: string
  /** The write that makes the changes (`PUT listings`). */
  write: string
  fields: readonly DraftField<R, M>[]
  manifest: M
  current: R
}

/**
 * Compares the manifest's fields with the resource; fields it leaves out are not compared and
 * are written back as read. Returns the update, or undefined when nothing differs.
 */
export function planFieldChanges<R, M>(
  comparison: FieldComparison<R, M>
): DraftUpdate<R> | undefined {
  const { module, kind, prefix = '', fields, manifest, current } = comparison
  const resource: R = structuredClone(current)
  const changes: Change[] = []
  for (const field of fields) {
    const value = field.wanted(manifest)
    if (value === undefined) continue
    const before = field.read(current)
    if (canonical(before ?? null) === canonical(value)) continue
    field.write(resource, manifest)
    changes.push(
      fieldChange(comparison, `${prefix}${field.name}`, field.long === true, [before, value])
    )
  }
  return changes.length > 0 ? { module, kind, resource, changes } : undefined
}

/** One row of the plan: `module · subject · field · before → after`; long texts as a diff. */
function fieldChange<R, M>(
  { module, subject, write }: FieldComparison<R, M>,
  name: string,
  long: boolean,
  [before, value]: [unknown, unknown]
): Change {
  const from = long ? `(${[...String(before ?? '')].length} characters)` : shown(before)
  const to = long ? `(${[...String(value)].length} characters)` : shown(value)
  return {
    kind: 'update-field',
    module,
    subject,
    field: name,
    from,
    to,
    writes: [write],
    description: `${module} of ${subject}: ${name} ${from} → ${to}`,
    done: false,
    ...(long && { diff: unifiedDiff(name, String(before ?? ''), String(value)) })
  }
}

/** The change of a long text as a unified diff with two lines of context. */
function unifiedDiff(name: string, before: string, after: string): string {
  return (
    createTwoFilesPatch(
      `${name} (Partner Center)`,
      `${name} (manifest)`,
      withNewline(before),
      withNewline(after),
      undefined,
      undefined,
      { context: 2 }
    )
      .split('\n')
      // The "====" separator line carries nothing the row does not say.
      .filter((line) => !/^=+$/.test(line))
      .join('\n')
      .trimEnd()
  )
}

/**
 * A value as JSON with every object's keys sorted: a manifest may give a contact's or a link's
 * keys in any order, and the same values in another order are no change.
 */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner
  )
}

const withNewline = (text: string) => (text.endsWith('\n') || text === '' ? text : `${text}\n`)

/** A value for one table cell: quoted text, lists and objects as compact JSON, `(none)` if unset. */
function shown(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value)
}
