import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AnonymousCredential, BlockBlobClient, newPipeline } from '@azure/storage-blob'
import { SAMPLE, startEmulator, type Emulator } from '../../emulator/index.js'
import { zipOf } from '../../scripts/zip.js'
import { Api, call, VALID_ZIP } from './support.js'

let emulator: Emulator
let api: Api
let productId: string
const dir = mkdtempSync(join(tmpdir(), 'emulator-blob-test-'))

beforeAll(async () => {
  emulator = await startEmulator({ speed: 0 })
  api = await Api.create(emulator)
  productId = await api.productId()
})
afterAll(async () => {
  await emulator.close()
  rmSync(dir, { recursive: true, force: true })
})

async function newPackage(fileName = `p-${Math.random().toString(36).slice(2)}.zip`) {
  const reply = await api.request('POST', `products/${productId}/packages`, {
    resourceType: 'AzureApplicationPackage',
    fileName
  })
  return { id: reply.json.id as string, sas: reply.json.fileSasUri as string }
}

function xmlCode(text: string): string | undefined {
  return /<Code>([^<]+)<\/Code>/.exec(text)?.[1]
}

describe('the SAS blob store', () => {
  it('takes a Put Blob from the SDK and answers like Azure Storage', async () => {
    const { sas } = await newPackage()
    const content = VALID_ZIP()
    const response = await new BlockBlobClient(sas).uploadData(content)
    expect(response.contentMD5 && Buffer.from(response.contentMD5).toString('base64')).toBe(
      createHash('md5').update(content).digest('base64')
    )
    expect(response.isServerEncrypted).toBe(true)
    expect(response.etag).toMatch(/^"0x[0-9A-F]+"$/)
    const properties = await new BlockBlobClient(sas).getProperties()
    expect(properties.contentLength).toBe(content.length)
    const downloaded = Buffer.from(await (await fetch(sas)).arrayBuffer())
    expect(downloaded.equals(content)).toBe(true)
  })

  it('takes Put Block + Put Block List from uploadFile, keeping the size and the MD5 the client set', async () => {
    const { id, sas } = await newPackage()
    const content = randomBytes(300 * 1024 + 17)
    const file = join(dir, 'big.bin')
    writeFileSync(file, content)
    // Committed from blocks, a blob has the MD5 the client sets, stored unchecked, as in Azure.
    const md5 = createHash('md5').update(content).digest()
    await new BlockBlobClient(sas).uploadFile(file, {
      blockSize: 64 * 1024,
      concurrency: 3,
      maxSingleShotSize: 64 * 1024,
      blobHTTPHeaders: { blobContentMD5: md5 }
    })
    const stageRequests = emulator.requests.filter(
      (r) => r.path.includes(id) && r.query.includes('comp=block&')
    )
    expect(stageRequests.length).toBe(5)
    expect(
      emulator.requests.some((r) => r.path.includes(id) && r.query.includes('comp=blocklist'))
    ).toBe(true)
    await api.request('PUT', `products/${productId}/packages/${id}`, {
      resourceType: 'AzureApplicationPackage',
      fileName: 'x.zip',
      state: 'Uploaded'
    })
    const snapshot = emulator.inspect(SAMPLE.offerId).packages.find((p) => p.id === id)
    expect(snapshot).toMatchObject({
      blobSize: content.length,
      blobMd5: createHash('md5').update(content).digest('base64')
    })
  })

  it('commits the listed blocks in the list order, the latest body of each id, and drops the rest', async () => {
    const { sas } = await newPackage()
    const block = (id: string) => {
      const url = new URL(sas)
      url.searchParams.set('comp', 'block')
      url.searchParams.set('blockid', Buffer.from(id).toString('base64'))
      return url.toString()
    }
    const stage = (id: string, body: string) => call(block(id), { method: 'PUT', body })
    expect((await stage('a', 'first-a ')).status).toBe(201)
    expect((await stage('b', 'bee ')).status).toBe(201)
    expect((await stage('c', 'sea ')).status).toBe(201)
    expect((await stage('a', 'second-a ')).status).toBe(201)
    const list = new URL(sas)
    list.searchParams.set('comp', 'blocklist')
    const latest = (id: string) => `<Latest>${Buffer.from(id).toString('base64')}</Latest>`
    const commit = (ids: string[]) =>
      call(list.toString(), {
        method: 'PUT',
        body: `<?xml version="1.0" encoding="utf-8"?><BlockList>${ids.map(latest).join('')}</BlockList>`
      })
    expect((await commit(['c', 'a', 'c'])).status).toBe(201)
    const read = await call(sas)
    expect(read.text).toBe('sea second-a sea ')
    expect(read.headers.get('content-length')).toBe('17')
    // Committed from blocks without x-ms-blob-content-md5: no MD5, as in Azure Storage.
    expect(read.headers.get('content-md5')).toBeNull()
    // 'b' was left out, so it is gone with the commit: a second list naming it is refused.
    expect(xmlCode((await commit(['b'])).text)).toBe('InvalidBlockList')
    expect((await call(sas)).text).toBe('sea second-a sea ')
  })

  it('checks a Content-MD5 sent with a Put Block (Md5Mismatch)', async () => {
    const url = new URL((await newPackage()).sas)
    url.searchParams.set('comp', 'block')
    url.searchParams.set('blockid', Buffer.from('x').toString('base64'))
    const put = (md5: string) =>
      call(url.toString(), { method: 'PUT', headers: { 'content-md5': md5 }, body: 'payload' })
    const wrong = await put(createHash('md5').update('other').digest('base64'))
    expect(wrong.status).toBe(400)
    expect(xmlCode(wrong.text)).toBe('Md5Mismatch')
    const right = await put(createHash('md5').update('payload').digest('base64'))
    expect(right.status).toBe(201)
    expect(right.headers.get('content-md5')).toBe(
      createHash('md5').update('payload').digest('base64')
    )
  })

  it.each([
    ['a valid zip is processed', VALID_ZIP(), 'Processed', undefined],
    [
      'a zip without createUiDefinition.json fails processing',
      zipOf({ 'mainTemplate.json': '{}', 'sub/createUiDefinition.json': '{}' }),
      'ProcessFailed',
      'The package must contain createUiDefinition.json at the root of the zip file.'
    ]
  ])(
    'reads a package committed from small blocks across their boundaries: %s',
    async (_name, content, state, message) => {
      const { id, sas } = await newPackage()
      const file = join(dir, `blocks-${state}.zip`)
      writeFileSync(file, content)
      // 40-byte blocks: the zip's end record and central directory span several of them.
      await new BlockBlobClient(sas).uploadFile(file, {
        blockSize: 40,
        maxSingleShotSize: 40,
        concurrency: 4
      })
      expect(Buffer.from(await (await fetch(sas)).arrayBuffer()).equals(content)).toBe(true)
      await api.request('PUT', `products/${productId}/packages/${id}`, {
        resourceType: 'AzureApplicationPackage',
        fileName: 'x.zip',
        state: 'Uploaded'
      })
      emulator.clock.advance(30)
      const processed = (await api.get(`products/${productId}/packages/${id}`)).json
      expect(processed.state).toBe(state)
      expect(processed.validationItems?.[0]?.message).toBe(message)
    }
  )

  it('refuses an altered signature and an expired SAS with AuthenticationFailed', async () => {
    const { sas } = await newPackage()
    const altered = new URL(sas)
    altered.searchParams.set('sig', Buffer.alloc(32, 1).toString('base64'))
    const put = (url: string) =>
      call(url, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'x' })
    const reply = await put(altered.toString())
    expect(reply.status).toBe(403)
    expect(xmlCode(reply.text)).toBe('AuthenticationFailed')
    expect(reply.headers.get('x-ms-error-code')).toBe('AuthenticationFailed')
    expect((await put(sas)).status).toBe(201)
    emulator.clock.advance(25 * 3600)
    expect(xmlCode((await put(sas)).text)).toBe('AuthenticationFailed')
    api = await Api.create(emulator)
  })

  it('refuses a write with a read-only SAS and a Put Blob without x-ms-blob-type', async () => {
    const { id, sas } = await newPackage()
    expect(xmlCode((await call(sas, { method: 'PUT', body: 'x' })).text)).toBe(
      'MissingRequiredHeader'
    )
    await new BlockBlobClient(sas).uploadData(VALID_ZIP())
    const uploaded = await api.request('PUT', `products/${productId}/packages/${id}`, {
      resourceType: 'AzureApplicationPackage',
      fileName: 'x.zip',
      state: 'Uploaded'
    })
    const readOnly = uploaded.json.fileSasUri as string
    const reply = await call(readOnly, {
      method: 'PUT',
      headers: { 'x-ms-blob-type': 'BlockBlob' },
      body: 'x'
    })
    expect(reply.status).toBe(403)
    expect(xmlCode(reply.text)).toBe('AuthorizationPermissionMismatch')
    expect((await call(readOnly, { method: 'HEAD' })).status).toBe(200)
  })

  it.each(['content-md5', 'x-ms-blob-content-md5'])(
    'checks a %s sent with a Put Blob (Md5Mismatch)',
    async (name) => {
      const { sas } = await newPackage()
      const put = (md5: string) =>
        call(sas, {
          method: 'PUT',
          headers: { 'x-ms-blob-type': 'BlockBlob', [name]: md5 },
          body: 'payload'
        })
      const wrong = await put(createHash('md5').update('other').digest('base64'))
      expect(wrong.status).toBe(400)
      expect(xmlCode(wrong.text)).toBe('Md5Mismatch')
      expect((await call(sas, { method: 'HEAD' })).status).toBe(404)
      expect((await put(createHash('md5').update('payload').digest('base64'))).status).toBe(201)
    }
  )

  it('can drop an upload mid-body, and the blob then does not exist', async () => {
    const { sas } = await newPackage()
    emulator.faults.add({ method: 'PUT', path: /^\/blob\//, dropConnection: true, times: 1 })
    const noRetries = newPipeline(new AnonymousCredential(), { retryOptions: { maxTries: 1 } })
    await expect(
      new BlockBlobClient(sas, noRetries).uploadData(randomBytes(256 * 1024))
    ).rejects.toThrow()
    emulator.faults.clear()
    expect((await call(sas, { method: 'HEAD' })).status).toBe(404)
  })
})
