import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { sampleToken } from '../../support/sample-token.js'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RedirectRefusedError } from '../../../src/boundary/responses.js'
import { HttpError, NetworkError } from '../../../src/http/errors.js'
import { PackageReadError, uploadPackage } from '../../../src/storage/blob-upload.js'
import { sasSignatureForms } from '../../../src/storage/sas.js'
import { SAMPLE, startEmulator, type Emulator } from '../../../emulator/index.js'
import { createHttpTransport } from '../../../src/http/transport.js'
import { PartnerCenterClient } from '../../../src/partner-center/client.js'
import type { AzurePackage } from '../../../src/partner-center/types.js'
import { startAzurite, type Azurite } from '../../support/azurite.js'
import { recordingLogger } from '../../support/recording-logger.js'
import { startScriptedServer, type ScriptedServer } from '../../support/scripted-server.js'

const KiB = 1024
let azurite: Azurite
let dir: string

async function packageFile(name: string, size: number): Promise<{ path: string; md5: string }> {
  const content = randomBytes(size)
  const path = join(dir, name)
  await writeFile(path, content)
  return { path, md5: createHash('md5').update(content).digest('base64') }
}

/** Runs `work` against a fresh scripted store: a loopback server that answers what it is told. */
async function withScriptedServer(work: (server: ScriptedServer) => Promise<void>): Promise<void> {
  const server = await startScriptedServer()
  try {
    await work(server)
  } finally {
    await server.close()
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'blob-upload-'))
  azurite = await startAzurite()
})

afterAll(async () => {
  await azurite?.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('uploadPackage against Azurite', () => {
  it('uploads a small file in one Put Blob, reports progress, and masks the signature', async () => {
    const file = await packageFile('small.zip', 300 * KiB)
    const sasUrl = azurite.blobSasUrl('small.zip', 'cw')
    const logger = recordingLogger()
    const progress: number[] = []

    const result = await uploadPackage({
      filePath: file.path,
      sasUrl,
      md5: file.md5,
      logger,
      onProgress: ({ loadedBytes, totalBytes }) => {
        expect(totalBytes).toBe(300 * KiB)
        progress.push(loadedBytes)
      }
    })

    expect(result).toMatchObject({ bytes: 300 * KiB, method: 'single', stored: 'MD5 on receipt' })
    expect(result.bytesPerSecond).toBeGreaterThan(0)
    expect(progress.at(-1)).toBe(300 * KiB)
    const stored = azurite.container.getBlockBlobClient('small.zip')
    const content = await stored.downloadToBuffer()
    expect(createHash('md5').update(content).digest('base64')).toBe(file.md5)
    const properties = await stored.getProperties()
    expect(Buffer.from(properties.contentMD5!).toString('base64')).toBe(file.md5)
    expect(logger.secrets).toEqual(expect.arrayContaining(sasSignatureForms(sasUrl)))
    expect(logger.text()).toMatch(/Uploaded small\.zip \(300\.0 KiB\) in \d+\.\d s/)
    for (const form of sasSignatureForms(sasUrl)) expect(logger.text()).not.toContain(form)
  })

  it('sends the MD5 with a single Put Blob: a body that does not match it is refused', async () => {
    const file = await packageFile('corrupt.zip', 20 * KiB)
    const other = await packageFile('other.zip', 20 * KiB)

    const error = await uploadPackage({
      filePath: file.path,
      sasUrl: azurite.blobSasUrl('corrupt.zip', 'cw'),
      md5: other.md5,
      logger: recordingLogger()
    }).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(HttpError)
    expect(error).toMatchObject({ status: 400 })
    await expect(azurite.container.getBlockBlobClient('corrupt.zip').exists()).resolves.toBe(false)
  })

  it('uploads a file above the threshold in blocks and commits them in order', async () => {
    const file = await packageFile('large.zip', 5 * 1024 * KiB + 123)
    const logger = recordingLogger()

    const result = await uploadPackage({
      filePath: file.path,
      sasUrl: azurite.blobSasUrl('large.zip', 'cw'),
      logger,
      blockSizeBytes: 1024 * KiB,
      singleShotMaxBytes: 1024 * KiB,
      concurrency: 3
    })

    // A write-only SAS (cw) cannot read the blob back: the check is skipped, not failed.
    expect(result).toMatchObject({
      bytes: 5 * 1024 * KiB + 123,
      method: 'blocks',
      stored: 'not readable'
    })
    const stored = azurite.container.getBlockBlobClient('large.zip')
    const blocks = await stored.getBlockList('committed')
    expect(blocks.committedBlocks).toHaveLength(6)
    const properties = await stored.getProperties()
    expect(properties.contentLength).toBe(5 * 1024 * KiB + 123)
    const content = await stored.downloadToBuffer()
    expect(createHash('md5').update(content).digest('base64')).toBe(file.md5)
    expect(logger.text()).toContain('in 6 blocks of 1.0 MiB')
  })

  it('fails with a clear 403 and no signature when the SAS does not allow writing', async () => {
    const file = await packageFile('denied.zip', 10 * KiB)
    const sasUrl = azurite.blobSasUrl('denied.zip', 'r')

    const error = await uploadPackage({
      filePath: file.path,
      sasUrl,
      logger: recordingLogger()
    }).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(HttpError)
    expect(error).toMatchObject({ status: 403, code: 'AuthorizationPermissionMismatch' })
    const message = (error as Error).message
    expect(message).toContain('Azure Storage answered 403 AuthorizationPermissionMismatch')
    expect(message).toContain('does not allow writing')
    for (const form of sasSignatureForms(sasUrl)) expect(message).not.toContain(form)
  })

  it('stops when the signal is aborted mid-upload and commits nothing', async () => {
    const file = await packageFile('aborted.zip', 4 * 1024 * KiB)
    const controller = new AbortController()

    const upload = uploadPackage({
      filePath: file.path,
      sasUrl: azurite.blobSasUrl('aborted.zip', 'cw'),
      logger: recordingLogger(),
      signal: controller.signal,
      blockSizeBytes: 512 * KiB,
      singleShotMaxBytes: 512 * KiB,
      concurrency: 1,
      onProgress: () => controller.abort(new Error('cancelled by the runner'))
    })

    await expect(upload).rejects.toThrow('cancelled by the runner')
    await expect(azurite.container.getBlockBlobClient('aborted.zip').exists()).resolves.toBe(false)
  })
})

describe('uploadPackage stall detection', () => {
  it('aborts when no progress arrives in time, without the signature in the error', () =>
    withScriptedServer(async (server) => {
      // The server never answers within the test: the request body is sent, then nothing.
      server.enqueue({ status: 201, delayMs: 20_000 })
      const file = await packageFile('stalled.zip', 10 * KiB)
      const sasUrl = `${server.url}/account/packages/stalled.zip?sv=2024-11-04&sp=cw&sig=S3cr3t%2Bsig%3D`

      const error = await uploadPackage({
        filePath: file.path,
        sasUrl,
        logger: recordingLogger(),
        stallTimeoutMs: 500,
        stallAttempts: 1
      }).catch((e: unknown) => e)

      expect(error).toBeInstanceOf(NetworkError)
      expect(error).toMatchObject({ code: 'TIMEOUT', path: '/account/packages/stalled.zip' })
      expect((error as Error).message).toContain('made no progress for 0.5 s')
      // The connection worked: no advice about firewalls or proxies.
      expect((error as Error).message).not.toMatch(/firewall|proxy/)
      expect((error as Error).message).not.toMatch(/S3cr3t/)
    }))
})

describe('uploadPackage after a stall', () => {
  it('aborts the stalled attempt and sends the upload again, which then succeeds', () =>
    withScriptedServer(async (server) => {
      server.enqueue({ status: 201, delayMs: 20_000 })
      server.enqueue({ status: 201 })
      const file = await packageFile('retried.zip', 10 * KiB)
      const logger = recordingLogger()
      const outcome = await uploadPackage({
        filePath: file.path,
        sasUrl: `${server.url}/account/packages/retried.zip?sv=2024-11-04&sp=cw&sig=abc`,
        md5: file.md5,
        logger,
        stallTimeoutMs: 500
      })
      expect(outcome.bytes).toBe(10 * KiB)
      expect(server.requests.filter((r) => r.method === 'PUT')).toHaveLength(2)
      expect(logger.text()).toContain('sending it again (attempt 2 of 3)')
    }))
})

/**
 * Runs `work` with a package created on a fresh emulator (its `fileSasUri` points at the
 * emulator's blob store), closing both afterwards.
 */
async function withEmulatorPackage(
  fileName: string,
  work: (setup: {
    emulator: Emulator
    created: AzurePackage
    logger: ReturnType<typeof recordingLogger>
  }) => Promise<void>
): Promise<void> {
  const emulator = await startEmulator()
  const transport = createHttpTransport({ userAgent: 'test', logger: recordingLogger() })
  try {
    const logger = recordingLogger()
    const client = new PartnerCenterClient({
      baseUrl: emulator.url,
      transport,
      logger,
      getToken: () => sampleToken(emulator.url, transport)
    })
    const [product] = await client.findProductsByOfferId(SAMPLE.offerId)
    await work({ emulator, created: await client.createPackage(product!.id, { fileName }), logger })
  } finally {
    transport.dispose()
    await emulator.close()
  }
}

describe("uploadPackage against the emulator's blob endpoint", () => {
  it.each([
    ['single', 200 * KiB, {}],
    ['blocks', 3 * 1024 * KiB + 7, { blockSizeBytes: 1024 * KiB, singleShotMaxBytes: 1024 * KiB }]
  ] as const)('uploads with method %s to a fileSasUri used verbatim', (method, size, sizes) =>
    withEmulatorPackage(`${method}.zip`, async ({ emulator, created, logger }) => {
      const file = await packageFile(`${method}.zip`, size)

      const result = await uploadPackage({
        filePath: file.path,
        sasUrl: created.fileSasUri!,
        md5: file.md5,
        logger,
        ...sizes
      })

      // The MD5 goes with a single Put Blob, so only a block upload reads the blob back.
      expect(result).toMatchObject({
        bytes: size,
        method,
        stored: method === 'single' ? 'MD5 on receipt' : 'size'
      })
      const blobPath = new URL(created.fileSasUri!).pathname
      const calls = emulator.requests.filter((r) => r.path === blobPath).map((r) => r.method)
      expect(calls).toEqual(
        method === 'single' ? ['PUT'] : ['PUT', 'PUT', 'PUT', 'PUT', 'PUT', 'HEAD'] // 4 blocks (the last has 7 bytes), the list, the check
      )
      expect(
        emulator.inspect(SAMPLE.offerId).packages.find((p) => p.id === created.id)
      ).toMatchObject({ blobSize: size, ...(method === 'single' ? { blobMd5: file.md5 } : {}) })
    })
  )
})

describe('uploadPackage when the store fails a block once', () => {
  it(
    'sends that block again (its body read again from the file) and the blob is whole',
    () =>
      withEmulatorPackage('retried.zip', async ({ emulator, created, logger }) => {
        const size = 3 * 1024 * KiB + 7
        const file = await packageFile('retried.zip', size)
        const blobPath = new URL(created.fileSasUri!).pathname
        emulator.faults.add({
          method: 'PUT',
          path: new RegExp(`^${blobPath}$`),
          status: 500,
          times: 1
        })

        const result = await uploadPackage({
          filePath: file.path,
          sasUrl: created.fileSasUri!,
          logger,
          blockSizeBytes: 1024 * KiB,
          singleShotMaxBytes: 1024 * KiB
        })

        expect(result).toMatchObject({ bytes: size, method: 'blocks', stored: 'size' })
        const calls = emulator.requests.filter((r) => r.path === blobPath)
        // 4 blocks, one of them twice, the list, the check.
        expect(calls.map((r) => `${r.method} ${r.status}`).sort()).toEqual(
          ['HEAD 200', 'PUT 201', 'PUT 201', 'PUT 201', 'PUT 201', 'PUT 201', 'PUT 500'].sort()
        )
        const stored = emulator.inspect(SAMPLE.offerId).packages.find((p) => p.id === created.id)
        expect(stored).toMatchObject({ blobSize: size })
        expect(logger.text()).not.toContain(new URL(created.fileSasUri!).searchParams.get('sig')!)
      }),
    30_000
  )
})

describe('uploadPackage when the package file changes during the upload', () => {
  it('fails with a PackageReadError that says so, not a network error', () =>
    withScriptedServer(async (server) => {
      const file = await packageFile('shrinking.zip', 512 * KiB)
      // The first block's answer comes after the file has shrunk under the upload (it is
      // truncated as soon as that block arrives): the next block finds the file's end first.
      server.enqueue({ status: 201, delayMs: 500 }, { status: 201 }, { status: 201 })
      const sasUrl = `${server.url}/account/packages/shrinking.zip?sv=2024-11-04&sp=cw&sig=S3cr3t`
      const upload = uploadPackage({
        filePath: file.path,
        sasUrl,
        logger: recordingLogger(),
        blockSizeBytes: 128 * KiB,
        singleShotMaxBytes: 128 * KiB,
        concurrency: 1
      }).catch((e: unknown) => e)
      await server.waitForRequests(1)
      await truncate(file.path, 200 * KiB)

      const error = await upload
      expect(error).toBeInstanceOf(PackageReadError)
      expect(error).not.toBeInstanceOf(NetworkError)
      expect((error as Error).message).toMatch(/ended at \d+ bytes .*changed after it was checked/)
      expect((error as Error).message).not.toMatch(/firewall|proxy|S3cr3t/)
      // Nothing was committed: no Put Block List went out.
      expect(server.requests.map((r) => r.url)).not.toContainEqual(
        expect.stringContaining('comp=blocklist')
      )
    }))
})

describe('uploadPackage when the package cannot be read in one Put Blob', () => {
  it('fails with a PackageReadError, and the stream error does not end the process', () =>
    withScriptedServer(async (server) => {
      server.enqueue({ status: 201, delayMs: 500 })
      // A directory where the package was: stat works (a few KiB, one Put Blob), reading fails
      // with EISDIR inside the stream the SDK pipes, which listens for no error of its own.
      const where = await mkdtemp(join(dir, 'not-a-file-'))
      const error = await uploadPackage({
        filePath: where,
        md5: 'AAAAAAAAAAAAAAAAAAAAAA==',
        sasUrl: `${server.url}/account/packages/gone.zip?sv=2024-11-04&sp=cw&sig=S3cr3t`,
        logger: recordingLogger(),
        stallAttempts: 1
      }).catch((e: unknown) => e)

      expect(error).toBeInstanceOf(PackageReadError)
      expect((error as Error).message).toMatch(
        /could not be read while it was being uploaded \(EISDIR\)/
      )
      expect((error as Error).message).not.toMatch(/firewall|proxy|S3cr3t/)
    }))
})

describe('uploadPackage and redirects', () => {
  // Azure Storage does not redirect a Put Blob, Put Block or Put Block List: a 3xx comes from
  // something else on the path, and following it would send the package (and, with a Location
  // that repeats the query, the SAS) where that something points.
  const single = { size: 10 * KiB, sizes: {} }
  const blocks = {
    size: 40 * KiB,
    sizes: { blockSizeBytes: 16 * KiB, singleShotMaxBytes: 16 * KiB, concurrency: 1 }
  }
  it.each([
    ['one Put Blob', 'another origin', single],
    ['blocks', 'another origin', blocks],
    ['one Put Blob', 'the same origin', single],
    ['blocks', 'the same origin', blocks]
  ] as const)('%s: a 307 to %s is not followed, and the error says so', async (_, target, kind) => {
    const store = await startScriptedServer()
    const elsewhere = await startScriptedServer()
    try {
      const file = await packageFile('redirected.zip', kind.size)
      const query = 'sv=2024-11-04&sp=cw&sig=S3cr3t%2Bsig%3D'
      const location =
        target === 'another origin'
          ? `${elsewhere.url.replace('127.0.0.1', 'localhost')}/stolen/redirected.zip?${query}`
          : `${store.url}/account/packages/moved.zip?${query}`
      for (let i = 0; i < 5; i++) {
        store.enqueue({ status: 307, headers: { location } })
        elsewhere.enqueue({ status: 201 })
      }
      const error = await uploadPackage({
        filePath: file.path,
        sasUrl: `${store.url}/account/packages/redirected.zip?${query}`,
        md5: file.md5,
        logger: recordingLogger(),
        ...kind.sizes
      }).catch((e: unknown) => e)

      expect(elsewhere.requests).toEqual([])
      // One request, to the upload URL: not followed, not retried.
      expect(store.requests.map((r) => r.url.split('?')[0])).toEqual([
        '/account/packages/redirected.zip'
      ])
      expect(error).toBeInstanceOf(RedirectRefusedError)
      const { origin, pathname } = new URL(location)
      expect((error as Error).message).toBe(
        `PUT /account/packages/redirected.zip on ${new URL(store.url).host} answered 307, a ` +
          `redirect to ${origin}${pathname}. Redirects are not followed for uploads: Azure ` +
          'Storage does not redirect them, so the answer came from something else between the ' +
          'runner and the storage host (a proxy?), and the package was not sent where it points.'
      )
    } finally {
      await store.close()
      await elsewhere.close()
    }
  })
})
