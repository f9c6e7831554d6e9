/**
 * 6. Pre-flight: the time the pre-flight adds to a run, for a package with a 2 MB mainTemplate.json
 * and 20 nested templates (read from the zip, parsed with positions, every rule applied), against
 * a limit of 300 ms; the package check alone (zip directory, required files, both hashes) is shown
 * for context. In-process, median of several runs after a warm-up.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { checkPackage } from '../src/app-package/check-package.js'
import { preflightPackage } from '../src/preflight/preflight.js'
import { examplePackageEntries } from '../scripts/build-example.js'
import { zipBuffer } from '../scripts/zip.js'
import { figure, median, type Figure } from './lib/report.js'

const RUNS = 9
/** "A few hundred milliseconds" at most (issue #14). */
const LIMIT_MS = 300
const NESTED_TEMPLATES = 20
const MAIN_TEMPLATE_BYTES = 2 * 1024 * 1024

/** Size of each nested template: linked templates are usually much smaller than the main one. */
const NESTED_TEMPLATE_BYTES = 50 * 1024

/**
 * A clean template of storage accounts, each using the parameters, of about `bytes` bytes; a
 * nested template's location has no default (the toolkit wants it passed in).
 */
function largeTemplate(bytes: number, nested: boolean): string {
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: {
      location: nested
        ? { type: 'string' }
        : { type: 'string', defaultValue: '[resourceGroup().location]' },
      storageAccountName: { type: 'string' }
    },
    resources: [] as unknown[]
  }
  let size = 0
  for (let index = 0; size < bytes; index++) {
    const resource = {
      type: 'Microsoft.Storage/storageAccounts',
      apiVersion: '2025-06-01',
      name: `[format('{0}{1}', parameters('storageAccountName'), ${index})]`,
      location: "[parameters('location')]",
      sku: { name: 'Standard_LRS' },
      kind: 'StorageV2',
      dependsOn: [`[resourceId('Microsoft.Network/virtualNetworks', 'vnet${index}')]`],
      properties: {
        minimumTlsVersion: 'TLS1_2',
        networkAcls: {
          defaultAction: 'Deny',
          virtualNetworkRules: [
            {
              id: `[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet${index}', 'default')]`
            }
          ]
        }
      }
    }
    template.resources.push(resource)
    // As printed inside the template: each line indented by four more spaces.
    const text = JSON.stringify(resource, null, 2)
    size += text.length + 4 * text.split('\n').length + 2
  }
  return JSON.stringify(template, null, 2)
}

async function timeMs(work: () => Promise<unknown>): Promise<number> {
  await work()
  const times: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now()
    await work()
    times.push(performance.now() - started)
  }
  return median(times)
}

export async function preflightBenchmark(): Promise<{
  figures: Figure[]
  details: Record<string, unknown>
}> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-preflight-'))
  try {
    const main = largeTemplate(MAIN_TEMPLATE_BYTES, false)
    const nested = largeTemplate(NESTED_TEMPLATE_BYTES, true)
    const entries = examplePackageEntries().map((entry) =>
      entry.name === 'mainTemplate.json' ? { name: entry.name, data: main } : entry
    )
    for (let index = 0; index < NESTED_TEMPLATES; index++) {
      entries.push({ name: `nestedtemplates/part${index}.json`, data: nested })
    }
    const file = path.join(dir, 'large.zip')
    const zip = zipBuffer(entries)
    await writeFile(file, zip)
    const findings = await preflightPackage(file, zip.length, { planId: 'bench' })
    const checkMs = await timeMs(() => checkPackage(file, 'bench'))
    const preflightMs = await timeMs(() => preflightPackage(file, zip.length, { planId: 'bench' }))
    const jsonBytes = main.length + NESTED_TEMPLATES * nested.length
    return {
      figures: [
        figure({
          benchmark: '6 pre-flight',
          name: `2 MB template + ${NESTED_TEMPLATES} × 50 KB nested: pre-flight time`,
          value: preflightMs,
          unit: 'ms',
          reference: { name: 'limit', value: LIMIT_MS },
          goal: `≤ ${LIMIT_MS} ms`,
          pass: (ratio) => ratio <= 1
        }),
        figure({
          benchmark: '6 pre-flight',
          name: 'same package: package check alone (context)',
          value: checkMs,
          unit: 'ms',
          reference: { name: 'pre-flight', value: preflightMs },
          goal: '(context)'
        })
      ],
      details: { preflightMs, checkMs, zipBytes: zip.length, jsonBytes, findings: findings.length }
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
