import { describe, expect, it } from '@jest/globals'
import { maskSasUrl, redactSasUrl } from '../../../src/storage/sas.js'
import { recordingLogger } from '../../support/recording-logger.js'

const URL_WITH_SAS =
  'https://contoso.azurefd.net/p/pkgfile-1/app.zip?sv=2024-11-04&sp=cw&se=2026-11-25T00%3A00%3A00Z&sig=ab%2Bcd%2fef%3D&skoid=x'

describe('maskSasUrl', () => {
  it('registers the signature raw, decoded and re-encoded', () => {
    const logger = recordingLogger()
    maskSasUrl(URL_WITH_SAS, logger)
    expect(logger.secrets).toEqual(['ab%2Bcd%2fef%3D', 'ab+cd/ef=', 'ab%2Bcd%2Fef%3D'])
  })

  it('registers nothing for a URL without a signature', () => {
    const logger = recordingLogger()
    maskSasUrl('https://example.test/blob?sv=1', logger)
    expect(logger.secrets).toEqual([])
  })
})

describe('redactSasUrl', () => {
  it('replaces the signature and keeps the rest', () => {
    expect(redactSasUrl(URL_WITH_SAS)).toBe(
      'https://contoso.azurefd.net/p/pkgfile-1/app.zip?sv=2024-11-04&sp=cw&se=2026-11-25T00%3A00%3A00Z&sig=***&skoid=x'
    )
  })

  it('finds the signature whatever its case and position', () => {
    expect(redactSasUrl('http://h/b?SIG=abc')).toBe('http://h/b?SIG=***')
  })
})
