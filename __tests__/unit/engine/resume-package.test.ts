import { describe, expect, it } from '@jest/globals'
import { HttpError } from '../../../src/http/errors.js'
import { applyPlanPackage } from '../../../src/engine/apply/upload-and-bind.js'
import type { Services } from '../../../src/engine/context.js'
import { planPackageChanges } from '../../../src/engine/plan/package-changes.js'
import { uploadFileName, type PlanWork } from '../../../src/engine/read/plan-packages.js'
import type { PartnerCenterApi } from '../../../src/partner-center/client.js'
import type { AzurePackage, PackageConfiguration } from '../../../src/partner-center/types.js'
import type { UploadOutcome } from '../../../src/storage/blob-upload.js'
import { engineContext } from '../../support/engine-context.js'
import { recordingLogger } from '../../support/recording-logger.js'

/**
 * Partner Center's package resources in memory: packages go PendingUpload → Uploaded on the
 * PUT and are Processed on the next read. Every call is recorded.
 */
function fakePartnerCenter(packages: AzurePackage[]) {
  const calls: string[] = []
  let next = 100
  const find = (id: string) => packages.find((pkg) => pkg.id === id)!
  const client = {
    async createPackage(_product: string, { fileName }: { fileName: string }) {
      calls.push(`create ${fileName}`)
      const pkg = {
        resourceType: 'AzureApplicationPackage',
        id: String(next++),
        fileName,
        fileSasUri: `https://store/new-${next}?sig=s`,
        state: 'PendingUpload'
      }
      packages.push(pkg)
      return { ...pkg }
    },
    async listPackages() {
      calls.push('list')
      return packages.map((pkg) => ({ ...pkg }))
    },
    async getPackage(_product: string, id: string) {
      calls.push(`get ${id}`)
      const pkg = find(id)
      if (pkg.state === 'Uploaded') pkg.state = 'Processed'
      return { ...pkg }
    },
    async markPackageUploaded(_product: string, pkg: AzurePackage) {
      calls.push(`uploaded ${pkg.id}`)
      find(pkg.id).state = 'Uploaded'
      return { ...find(pkg.id) }
    },
    async updatePackageConfiguration(_product: string, config: PackageConfiguration) {
      calls.push(`bind ${config.packageReferences?.[0]?.value}`)
      return config
    }
  }
  return { client: client as unknown as PartnerCenterApi, calls }
}

const OUTCOME: UploadOutcome = {
  bytes: 10,
  method: 'single',
  durationMs: 5,
  bytesPerSecond: 2000,
  stored: 'size and MD5'
}

function setUp(earlier: AzurePackage[], expiredUrls: string[] = []) {
  const work: PlanWork = {
    planned: {
      planId: 'standard',
      packagePath: '/w/app.zip',
      packageLabel: 'app.zip',
      version: '1.2.3'
    },
    checked: { path: '/w/app.zip', size: 10, sha256: 'ab'.repeat(32), md5: 'bWQ1' },
    plan: { planId: 'standard', variantId: 'v1', kind: 'managed-application' },
    draftId: 'd1',
    configuration: {
      resourceType: 'AzureManagedApplicationPackageConfiguration',
      id: 'c1',
      '@odata.etag': '"1"'
    },
    changes: {}
  }
  const fileName = uploadFileName(work)
  const packages = earlier.map((pkg) => ({ ...pkg, fileName }))
  work.earlier = packages[0]
  const changes = planPackageChanges(work)
  const partnerCenter = fakePartnerCenter(packages)
  const uploads: string[] = []
  const services: Services = {
    client: partnerCenter.client,
    logger: recordingLogger(),
    signal: new AbortController().signal,
    group: (_name, run) => run(),
    upload: async (_file, sasUrl) => {
      uploads.push(sasUrl)
      if (expiredUrls.includes(sasUrl)) {
        throw new HttpError({ status: 403, method: 'PUT', url: sasUrl, service: 'Azure Storage' })
      }
      return OUTCOME
    },
    polling: {
      package: { initialMs: 1, maxMs: 1, factor: 1 },
      submission: { initialMs: 1, maxMs: 1, factor: 1 },
      steps: { longStepMs: 1, nearChangeMs: 1 }
    }
  }
  const { context, run } = engineContext(services)
  context.recorder.plans([
    { planId: 'standard', file: 'app.zip', version: '1.2.3', state: 'checked' }
  ])
  context.recorder.planned(changes)
  return { work, context, services, calls: partnerCenter.calls, uploads, run }
}

const pending = (id: string, fileSasUri?: string): AzurePackage => ({
  resourceType: 'AzureApplicationPackage',
  id,
  fileName: '',
  fileSasUri,
  state: 'PendingUpload'
})

describe('applyPlanPackage continues with a package an earlier run left', () => {
  it('PendingUpload: uploads to it and marks it uploaded, without creating another', async () => {
    const { work, context, calls, uploads, run } = setUp([pending('7', 'https://store/7?sig=s')])
    await applyPlanPackage(context, 'p', work)
    expect(calls).toEqual(['uploaded 7', 'get 7', 'bind 7'])
    expect(uploads).toEqual(['https://store/7?sig=s'])
    expect(run.plans[0]).toMatchObject({ packageId: '7', state: 'bound' })
    expect(run.changes.map((change) => [change.description, change.done])).toEqual([
      [
        expect.stringMatching(
          /reused package 7 .*left PendingUpload by an earlier run; uploaded app\.zip as package 7 \(.*; stored size and MD5 checked\)$/
        ),
        true
      ],
      ['Plan standard: technical configuration (none) → 1.2.3', true]
    ])
  })

  it('PendingUpload without its upload URL in the listing: reads the package for it', async () => {
    const { work, context, services, calls, uploads } = setUp([pending('7')])
    const client = services.client as unknown as {
      getPackage: (p: string, id: string) => Promise<AzurePackage>
    }
    const read = client.getPackage
    client.getPackage = async (product, id) => ({
      ...(await read(product, id)),
      fileSasUri: 'https://store/7?sig=s'
    })
    await applyPlanPackage(context, 'p', work)
    expect(calls[0]).toBe('get 7')
    expect(uploads).toEqual(['https://store/7?sig=s'])
    expect(calls).not.toContainEqual(expect.stringMatching(/^create/))
  })

  it('PendingUpload with an expired upload URL: uploads to a new package and binds that one', async () => {
    const { work, context, calls, uploads } = setUp(
      [pending('7', 'https://store/7?sig=old')],
      ['https://store/7?sig=old']
    )
    await applyPlanPackage(context, 'p', work)
    expect(calls.filter((call) => call.startsWith('create'))).toHaveLength(1)
    expect(uploads).toHaveLength(2)
    expect(calls).toContain('uploaded 100')
    expect(calls).not.toContain('uploaded 7')
    expect(calls[calls.length - 1]).toBe('bind 100')
  })

  it('Uploaded (processing): only waits for it, then binds it', async () => {
    const { work, context, calls, uploads } = setUp([{ ...pending('7'), state: 'Uploaded' }])
    await applyPlanPackage(context, 'p', work)
    expect(uploads).toEqual([])
    expect(calls).toEqual(['get 7', 'bind 7'])
  })
})
