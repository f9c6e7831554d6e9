import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { checkPackage } from '../../../src/app-package/check-package.js'
import { zipBuffer } from '../../../scripts/zip.js'

let dir: string
const file = (name: string) => path.join(dir, name)

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'check-package-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('checkPackage', () => {
  it('accepts a zip with both files at the root and reports its size, SHA-256 and MD5', async () => {
    const zip = zipBuffer([
      { name: 'mainTemplate.json', data: '{}' },
      { name: 'createUiDefinition.json', data: '{}' },
      { name: 'nestedtemplates/storage.json', data: '{}' }
    ])
    await writeFile(file('good.zip'), zip)
    const checked = await checkPackage(file('good.zip'), 'plan standard')
    expect(checked.size).toBe(zip.length)
    expect(checked.sha256).toBe(createHash('sha256').update(zip).digest('hex'))
    expect(checked.md5).toBe(createHash('md5').update(zip).digest('base64'))
  })

  it('says when the file is missing', async () => {
    await expect(checkPackage(file('absent.zip'), 'plan standard')).rejects.toThrow(
      /plan standard: package .*absent\.zip does not exist\. Build it before this step/
    )
  })

  it('says when the file is not a zip', async () => {
    await writeFile(file('text.zip'), 'this is not a zip archive at all')
    await expect(checkPackage(file('text.zip'), 'plan x')).rejects.toThrow(/is not a zip file/)
  })

  it('names the missing file, and a nested copy that should move to the root', async () => {
    await writeFile(
      file('nested.zip'),
      zipBuffer([
        { name: 'mainTemplate.json', data: '{}' },
        { name: 'app/createUiDefinition.json', data: '{}' }
      ])
    )
    await expect(checkPackage(file('nested.zip'), 'plan x')).rejects.toThrow(
      /lacks createUiDefinition\.json \(found "app\/createUiDefinition\.json": move it to the root of the zip\)/
    )
  })

  it('finds the directory behind a zip comment', async () => {
    const zip = zipBuffer([
      { name: 'mainTemplate.json', data: '{}' },
      { name: 'createUiDefinition.json', data: '{}' }
    ])
    const comment = Buffer.from('built by CI')
    zip.writeUInt16LE(comment.length, zip.length - 2)
    await writeFile(file('comment.zip'), Buffer.concat([zip, comment]))
    await expect(checkPackage(file('comment.zip'), 'plan x')).resolves.toMatchObject({
      size: zip.length + comment.length
    })
  })
})
