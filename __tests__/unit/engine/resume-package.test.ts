import { describe, expect, it } from '@jest/globals'
import { HttpError } from '../../../src/http/errors.js'
import type { PartnerCenterClient } from '../../../src/partner-center/client.js'
import type { AzurePackage, PackageConfiguration } from '../../../src/partner-center/types.js'
import { publishPlanPackage, uploadFileName, type PlanWork } from '../../../src/publish/packages.js'
import { newRunResult } from '../../../src/publish/result.js'
import type { Services } from '../../../src/publish/services.js'
import type { UploadOutcome } from '../../../src/storage/blob-upload.js'
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
  return { client: client as unknown as PartnerCenterClient, calls }
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
    result: { planId: 'standard', file: 'app.zip', version: '1.2.3', state: 'checked' }
  }
  const fileName = uploadFileName(work)
  const packages = earlier.map((pkg) => ({ ...pkg, fileName }))
  work.earlier = packages[0]
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
  return {
    work,
    services,
    calls: partnerCenter.calls,
    uploads,
    run: newRunResult('publish', false)
  }
}

const pending = (id: string, fileSasUri?: string): AzurePackage => ({
  resourceType: 'AzureApplicationPackage',
  id,
  fileName: '',
  fileSasUri,
  state: 'PendingUpload'
})

describe('publishPlanPackage continues with a package an earlier run left', () => {
  it('PendingUpload: uploads to it and marks it uploaded, without creating another', async () => {
    const { work, services, calls, uploads, run } = setUp([pending('7', 'https://store/7?sig=s')])
    await publishPlanPackage(services, 'p', work, run)
    expect(calls).toEqual(['uploaded 7', 'get 7', 'bind 7'])
    expect(uploads).toEqual(['https://store/7?sig=s'])
    expect(work.result).toMatchObject({ packageId: '7', state: 'bound' })
    expect(run.changes.map((change) => change.description)).toEqual([
      expect.stringMatching(/reused package 7 .*left PendingUpload by an earlier run/),
      expect.stringMatching(/uploaded app\.zip as package 7 \(.*; stored size and MD5 checked\)$/),
      'Plan standard: technical configuration (none) → 1.2.3'
    ])
  })

  it('PendingUpload without its upload URL in the listing: reads the package for it', async () => {
    const { work, services, calls, uploads, run } = setUp([pending('7')])
    const client = services.client as unknown as {
      getPackage: (p: string, id: string) => Promise<AzurePackage>
    }
    const read = client.getPackage
    client.getPackage = async (product, id) => ({
      ...(await read(product, id)),
      fileSasUri: 'https://store/7?sig=s'
    })
    await publishPlanPackage(services, 'p', work, run)
    expect(calls[0]).toBe('get 7')
    expect(uploads).toEqual(['https://store/7?sig=s'])
    expect(calls).not.toContainEqual(expect.stringMatching(/^create/))
  })

  it('PendingUpload with an expired upload URL: uploads to a new package and binds that one', async () => {
    const { work, services, calls, uploads, run } = setUp(
      [pending('7', 'https://store/7?sig=old')],
      ['https://store/7?sig=old']
    )
    await publishPlanPackage(services, 'p', work, run)
    expect(calls.filter((call) => call.startsWith('create'))).toHaveLength(1)
    expect(uploads).toHaveLength(2)
    expect(calls).toContain('uploaded 100')
    expect(calls).not.toContain('uploaded 7')
    expect(calls[calls.length - 1]).toBe('bind 100')
  })

  it('Uploaded (processing): only waits for it, then binds it', async () => {
    const { work, services, calls, uploads, run } = setUp([{ ...pending('7'), state: 'Uploaded' }])
    await publishPlanPackage(services, 'p', work, run)
    expect(uploads).toEqual([])
    expect(calls).toEqual(['get 7', 'bind 7'])
  })
})
