/**
 * Small packages for pre-flight tests: a clean main template and createUiDefinition.json that
 * each test changes in one place, and a helper that zips them and runs the pre-flight.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Finding } from '../../src/preflight/finding.js'
import { preflightPackage } from '../../src/preflight/preflight.js'
import { zipOf } from '../../scripts/zip.js'

/** The day the tests run on, for API version ages. */
export const TODAY = new Date('2026-11-29T00:00:00Z')

export const TEMPLATE_SCHEMA =
  'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#'
export const UI_SCHEMA =
  'https://schema.management.azure.com/schemas/0.1.2-preview/CreateUIDefinition.MultiVm.json#'

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are edited freely by tests */
export type Json = any

export function cleanTemplate(): Json {
  return {
    $schema: TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: {
      location: { type: 'string', defaultValue: '[resourceGroup().location]' },
      storageName: { type: 'string' }
    },
    variables: { sku: 'Standard_LRS' },
    resources: [
      {
        type: 'Microsoft.Storage/storageAccounts',
        apiVersion: '2025-06-01',
        name: "[parameters('storageName')]",
        location: "[parameters('location')]",
        sku: { name: "[variables('sku')]" },
        kind: 'StorageV2'
      }
    ],
    outputs: {}
  }
}

export function cleanUiDefinition(): Json {
  return {
    $schema: UI_SCHEMA,
    handler: 'Microsoft.Azure.CreateUIDef',
    version: '0.1.2-preview',
    parameters: {
      basics: [
        {
          name: 'storageName',
          type: 'Microsoft.Common.TextBox',
          label: 'Storage account name',
          constraints: {
            required: true,
            regex: '^[a-z0-9]{3,24}$',
            validationMessage: '3 to 24 lower-case letters and digits.'
          }
        }
      ],
      steps: [],
      outputs: { location: '[location()]', storageName: "[basics('storageName')]" }
    }
  }
}

/** Zips the files (objects are written as indented JSON) and runs the pre-flight on them. */
export async function preflightOf(
  files: Record<string, Json>,
  skip: string[] = [],
  now: Date = TODAY
): Promise<Finding[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'preflight-'))
  try {
    const zip = zipOf(
      Object.fromEntries(
        Object.entries(files).map(([name, content]) => [
          name,
          typeof content === 'string' ? content : JSON.stringify(content, null, 2)
        ])
      )
    )
    const file = path.join(dir, 'package.zip')
    await writeFile(file, zip)
    return await preflightPackage(file, zip.length, {
      planId: 'standard',
      now,
      skip: new Set(skip.map((name) => name.toLowerCase()))
    })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** The pre-flight of the clean package after `change` edits its main template and UI definition. */
export function preflightChanged(change: (template: Json, ui: Json) => void): Promise<Finding[]> {
  const template = cleanTemplate()
  const ui = cleanUiDefinition()
  change(template, ui)
  return preflightOf({ 'mainTemplate.json': template, 'createUiDefinition.json': ui })
}
