import { describe, expect, it } from '@jest/globals'
import { solidPng } from '../../../emulator/png.js'
import { readImageHeader } from '../../../src/images/image-file.js'
import { hashOfUploadName, LOGO_KINDS, uploadName } from '../../../src/images/requirements.js'

describe('readImageHeader', () => {
  it('reads a PNG’s pixel size from its IHDR', () => {
    expect(readImageHeader(solidPng(255, 115, [1, 2, 3]).subarray(0, 32))).toEqual({
      format: 'png',
      width: 255,
      height: 115
    })
  })

  it('gives no size for a PNG whose first chunk is not IHDR (a damaged file)', () => {
    const damaged = solidPng(48, 48, [0, 0, 0])
    damaged.write('IDAT', 12, 'latin1')
    expect(readImageHeader(damaged.subarray(0, 32))).toEqual({ format: 'png' })
    expect(readImageHeader(damaged.subarray(0, 10))).toEqual({ format: 'png' })
  })

  it.each([
    ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0, 0])],
    ['gif', Buffer.from('GIF89a......')],
    ['bmp', Buffer.from('BM..........')],
    ['webp', Buffer.from('RIFF....WEBPVP8 ')],
    ['unknown', Buffer.from('<svg xmlns=')],
    ['unknown', Buffer.alloc(0)]
  ])('tells a %s by its signature', (format, head) => {
    expect(readImageHeader(head).format).toBe(format)
  })
})

describe('upload names', () => {
  it('carry the kind and the content hash, and are recognised as the action’s', () => {
    const name = uploadName(LOGO_KINDS.wide, 'ab'.repeat(32))
    expect(name).toBe('logo-wide-abababababababab.png')
    expect(hashOfUploadName(name)).toBe('abababababababab')
    expect(hashOfUploadName('contoso-logo-wide.png')).toBeUndefined()
  })
})
