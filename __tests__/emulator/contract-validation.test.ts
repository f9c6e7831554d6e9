/**
 * Compares the emulator's request-validation tables with the request schemas of the service's
 * OpenAPI file: every field exists there with the same type, enums are subsets of the schema's,
 * resourceType values are the schema's, and every difference is a documented production extra.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  PRODUCTION_EXTRAS,
  REQUEST_TABLES,
  type FieldRule
} from '../../emulator/ingestion/validation.js'
import { sharedDir } from './support.js'

interface Schema {
  $ref?: string
  allOf?: Schema[]
  type?: string
  enum?: string[]
  properties?: Record<string, Schema>
  items?: Schema
  required?: string[]
}

const shared = sharedDir()
if (!shared)
  console.warn('contract-validation: ../shared is absent, the OpenAPI comparison is skipped')
const describeIfShared = shared ? describe : describe.skip
const PREFIX = 'Microsoft.Ingestion.Api.Models.'

describeIfShared('request validation tables vs the OpenAPI request schemas', () => {
  const openapi = shared
    ? JSON.parse(readFileSync(join(shared, 'reference', 'partner-ingestion-openapi.json'), 'utf8'))
    : undefined
  const schemas = (openapi?.components.schemas ?? {}) as Record<string, Schema>

  /** A schema with $ref and allOf flattened: later parts override earlier ones, as in the file. */
  function resolve(schema: Schema): Schema {
    if (schema.$ref) return resolve(schemas[schema.$ref.replace('#/components/schemas/', '')])
    if (!schema.allOf) return schema
    const parts = schema.allOf.map(resolve)
    return {
      type: 'object',
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
      required: parts.flatMap((p) => p.required ?? [])
    }
  }

  const typeOf = (schema: Schema): string => {
    const resolved = resolve(schema)
    if (resolved.type === 'integer') return 'number'
    return resolved.type ?? (resolved.properties ? 'object' : 'unknown')
  }

  function compare(
    table: string,
    fields: readonly FieldRule[],
    schema: Schema,
    path: string,
    problems: string[]
  ): void {
    const extras = PRODUCTION_EXTRAS[table]
    const properties = resolve(schema).properties ?? {}
    const byLower = new Map(Object.entries(properties).map(([name, s]) => [name.toLowerCase(), s]))
    for (const requiredName of resolve(schema).required ?? []) {
      if (!fields.some((f) => f.required && f.name.toLowerCase() === requiredName.toLowerCase()))
        problems.push(`${path}${requiredName}: required by the schema, not by the emulator`)
    }
    for (const field of fields) {
      const fieldPath = `${path}${field.name}`
      const property = byLower.get(field.name.toLowerCase())
      if (!property) {
        if (!extras.fields?.includes(fieldPath))
          problems.push(`${fieldPath}: not in the schema and not a documented extra`)
        continue
      }
      if (extras.fields?.includes(fieldPath))
        problems.push(`${fieldPath}: listed as an extra but the schema has it`)
      if (typeOf(property) !== field.type)
        problems.push(`${fieldPath}: type ${field.type}, schema ${typeOf(property)}`)
      if (field.enum) {
        const allowed = [...(resolve(property).enum ?? []), ...(extras.enums?.[fieldPath] ?? [])]
        const unknown = field.enum.filter((value) => !allowed.includes(value))
        if (unknown.length > 0)
          problems.push(
            `${fieldPath}: enum values ${unknown.join(', ')} are neither in the schema nor documented`
          )
      }
      if (field.fields) {
        const itemSchema = field.type === 'array' ? resolve(property).items : property
        if (!itemSchema) problems.push(`${fieldPath}: the schema does not describe its items`)
        else
          compare(
            table,
            field.fields,
            itemSchema,
            `${fieldPath}${field.type === 'array' ? '[]' : ''}.`,
            problems
          )
      }
    }
  }

  it.each(Object.entries(REQUEST_TABLES))('%s', (name, table) => {
    const schema = schemas[PREFIX + table.schema]
    expect(schema).toBeDefined()
    const problems: string[] = []
    const resourceTypes = resolve(schema).properties?.resourceType?.enum ?? []
    const extraTypes = PRODUCTION_EXTRAS[name].resourceTypes ?? []
    for (const type of table.resourceTypes) {
      if (!resourceTypes.includes(type) && !extraTypes.includes(type))
        problems.push(`resourceType ${type}: not in the schema enum`)
    }
    compare(name, table.fields, schema, '', problems)
    expect(problems).toEqual([])
  })

  it('documents only extras of tables that exist', () => {
    expect(Object.keys(PRODUCTION_EXTRAS).sort()).toEqual(Object.keys(REQUEST_TABLES).sort())
  })
})
