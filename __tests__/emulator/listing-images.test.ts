/**
 * The emulator's listing images (§5.6, §7.1): the upload flow with processing on the clock,
 * `fileSasUri` only when expanded, validation of type and fileName, processing that checks the
 * PNG's size, DELETE, and the seeded logos.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { BlockBlobClient } from '@azure/storage-blob'
import { startEmulator, type Emulator } from '../../emulator/index.js'
import { solidPng } from '../../emulator/png.js'
import { Api } from './support.js'

let emulator: Emulator
let api: Api
let images: string

beforeAll(async () => {
  emulator = await startEmulator({ speed: 0 })
  api = await Api.create(emulator)
  const productId = await api.productId()
  const draft = await api.branch(productId, 'Listing')
  const [listing] = await api.all(
    `products/${productId}/listings/getByInstanceID(instanceID=${draft})`
  )
  images = `products/${productId}/listings/${String(listing.id)}/images`
})
afterAll(() => emulator.close())

async function upload(type: string, content: Buffer) {
  const created = await api.request('POST', images, {
    resourceType: 'ListingImage',
    fileName: `${type}.png`,
    type,
    state: 'PendingUpload',
    order: 0
  })
  expect(created.status).toBe(201)
  await new BlockBlobClient(created.json.fileSasUri).uploadData(content)
  const uploaded = await api.request(
    'PUT',
    `${images}/${created.json.id}`,
    { ...created.json, state: 'Uploaded' },
    { 'If-Match': created.json['@odata.etag'] }
  )
  return { created, uploaded, path: `${images}/${created.json.id}` }
}

describe('listing images', () => {
  it('seeds the four logos, processed, and lists fileSasUri only with $expand=FileSasUri', async () => {
    const plain = await api.all(images)
    expect(plain.map((image) => image.type).sort()).toEqual([
      'AzureLogoLarge',
      'AzureLogoMedium',
      'AzureLogoSmall',
      'AzureLogoWide'
    ])
    expect(plain.every((image) => image.state === 'Processed' && !image.fileSasUri)).toBe(true)
    const expanded = await api.all(`${images}?%24expand=FileSasUri`)
    expect(expanded.every((image) => /sp=rl/.test(String(image.fileSasUri)))).toBe(true)
  })

  it('runs PendingUpload → Uploaded → InProcessing → Processed on the clock; DELETE answers 204', async () => {
    const { created, uploaded, path } = await upload('AzureLogoSmall', solidPng(48, 48, [9, 9, 9]))
    expect(new URL(created.json.fileSasUri).searchParams.get('sp')).toBe('rwl')
    expect(uploaded.status).toBe(200)
    expect(uploaded.json.state).toBe('Uploaded')
    expect(new URL(uploaded.json.fileSasUri).searchParams.get('sp')).toBe('rl')
    emulator.clock.advance(5)
    expect((await api.get(path)).json.state).toBe('InProcessing')
    emulator.clock.advance(10)
    expect((await api.get(path)).json.state).toBe('Processed')
    expect((await api.request('DELETE', path)).status).toBe(204)
    expect((await api.get(path)).status).toBe(404)
  })

  it('fails processing of a file that is not a PNG of its type’s size', async () => {
    const { path } = await upload('AzureLogoLarge', solidPng(48, 48, [9, 9, 9]))
    emulator.clock.advance(15)
    expect((await api.get(path)).json.state).toBe('ProcessFailed')
  })

  it('refuses an unknown type, a file name that is not a plain .png, and a PUT without If-Match', async () => {
    const post = (body: Record<string, unknown>) =>
      api.request('POST', images, { resourceType: 'ListingImage', state: 'PendingUpload', ...body })
    expect((await post({ fileName: 'a.png', type: 'AzureLogoHuge' })).status).toBe(400)
    expect((await post({ fileName: '../a.png', type: 'AzureLogoLarge' })).status).toBe(400)
    expect((await post({ fileName: 'a.gif', type: 'AzureLogoLarge' })).status).toBe(400)
    const created = await post({ fileName: 'a.png', type: 'AzureLogoLarge' })
    const put = await api.request('PUT', `${images}/${created.json.id}`, created.json)
    expect(put.status).toBe(400)
  })
})
