import { describe, expect, it } from '@jest/globals'
import {
  ForeignOriginError,
  InsecureUrlError,
  requireOrigin,
  requireSecureOrigin,
  requireSecureUrl
} from '../../../src/boundary/urls.js'
import { uploadPackage } from '../../../src/storage/blob-upload.js'
import { checkSasUrl } from '../../../src/storage/sas.js'
import { recordingLogger } from '../../support/recording-logger.js'

describe('requireSecureUrl', () => {
  it.each([
    'https://login.microsoftonline.com',
    'http://127.0.0.1:8080',
    'http://localhost:1',
    'http://[::1]:2'
  ])('accepts %s', (url) => {
    expect(requireSecureUrl(url, 'Input api-url').href).toBe(new URL(url).href)
  })

  it.each(['http://api.partner.microsoft.com', 'ftp://127.0.0.1', 'not a url', 'http://127.0.0.2'])(
    'refuses %s',
    (url) => {
      expect(() => requireSecureUrl(url, 'Input api-url')).toThrow(InsecureUrlError)
    }
  )
})

describe('checkSasUrl', () => {
  it('refuses a plain-http SAS URL on a foreign host, without showing its signature', () => {
    const url = 'http://evil.example/file/1?sv=2024&sig=SeCrEtSiG%3D&sp=rw'
    expect(() => checkSasUrl(url)).toThrow(InsecureUrlError)
    expect(() => checkSasUrl(url)).toThrow(/sig=\*\*\*/)
    expect(() => checkSasUrl(url)).not.toThrow(/SeCrEtSiG/)
  })

  it('makes the upload refuse such a URL before anything is read or sent', async () => {
    const logger = recordingLogger()
    await expect(
      uploadPackage({
        filePath: '/nonexistent/package.zip',
        sasUrl: 'http://evil.example/file/1?sig=SeCrEtSiG',
        logger
      })
    ).rejects.toThrow(InsecureUrlError)
    expect(logger.text()).not.toContain('SeCrEtSiG')
  })

  it('accepts https, and http on loopback (emulator, Azurite)', () => {
    expect(() => checkSasUrl('https://x.blob.core.windows.net/f/1?sig=a')).not.toThrow()
    expect(() => checkSasUrl('http://127.0.0.1:10000/devstoreaccount1/f?sig=a')).not.toThrow()
  })
})

describe('requireOrigin', () => {
  it('refuses the same host on another port or scheme', () => {
    expect(() => requireOrigin('http://127.0.0.1:2/x', 'http://127.0.0.1:1', 'GET /x')).toThrow(
      ForeignOriginError
    )
    expect(() =>
      requireOrigin(
        'http://api.partner.microsoft.com/x',
        'https://api.partner.microsoft.com',
        'GET /x'
      )
    ).toThrow(/credential is for https:\/\/api.partner.microsoft.com only/)
    expect(() =>
      requireOrigin(
        'https://api.partner.microsoft.com/v1.0/x',
        'https://api.partner.microsoft.com/',
        'GET'
      )
    ).not.toThrow()
  })
})

describe('requireSecureOrigin', () => {
  it.each([
    'https://user:pa55word@api.example',
    'ftp://user:pa55word@api.example',
    'nope://user:pa55word@'
  ])('refuses %s without repeating its password', (url) => {
    const refusal = () => requireSecureOrigin(url, 'Input api-url')
    expect(refusal).toThrow(InsecureUrlError)
    expect(refusal).not.toThrow(/pa55word/)
  })
})
