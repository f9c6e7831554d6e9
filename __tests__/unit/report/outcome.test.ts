import { describe, expect, it } from '@jest/globals'
import { failureKind } from '../../../src/report/outcome.js'
import { newRunResult } from '../../../src/engine/result.js'

describe('failureKind', () => {
  const failed = (error: string, errorName?: string) => {
    const result = newRunResult('publish', false, 'preview')
    result.status = 'failed'
    result.error = error
    result.errorName = errorName
    return result
  }

  it('tells a sign-in failure by the class the recorder kept', () => {
    expect(failureKind(failed('AADSTS7000215: invalid client secret', 'SignInError'))).toBe(
      'sign-in'
    )
  })

  it('does not take a server message that names Entra or a credential for a sign-in failure', () => {
    const text = 'Partner Center: check client-secret and sign in to Entra ID (AADSTS50000)'
    expect(failureKind(failed(text, 'PartnerCenterError'))).toBe('other')
  })
})
