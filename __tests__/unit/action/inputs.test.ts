import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { InputError, readActionInputs as readInputs } from '../../../src/action/inputs.js'

const BASE = { 'tenant-id': 't', 'client-id': 'c', 'client-secret': 's' }
const set: string[] = []
function withInputs(inputs: Record<string, string>): void {
  for (const [name, value] of Object.entries({ ...BASE, ...inputs })) {
    const key = `INPUT_${name.toUpperCase()}`
    process.env[key] = value
    set.push(key)
  }
}
// readInputs registers the client secret with the runner (`::add-mask::…` on stdout): kept out of
// the test output, which stays quiet unless something fails.
beforeEach(() => {
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
})
afterEach(() => {
  jest.restoreAllMocks()
  for (const key of set.splice(0)) delete process.env[key]
})

describe('URL inputs are bare origins', () => {
  it.each([
    [
      'api-url',
      'https://api.partner.microsoft.com/v1.0/ingestion',
      'https://api.partner.microsoft.com'
    ],
    ['login-url', 'https://login.microsoftonline.com/tenant', 'https://login.microsoftonline.com'],
    ['graph-url', 'https://graph.microsoft.com/?x=1', 'https://graph.microsoft.com'],
    ['graph-url', 'https://graph.microsoft.com/#frag', 'https://graph.microsoft.com']
  ])('%s "%s" is refused, naming "%s"', (name, value, expected) => {
    withInputs({ [name]: value })
    expect(() => readInputs()).toThrow(InputError)
    expect(() => readInputs()).toThrow(`Use "${expected}"`)
  })

  it('defaults, and a trailing slash, give the origin', () => {
    withInputs({ 'api-url': 'https://api.partner.microsoft.com/' })
    const inputs = readInputs()
    expect(inputs.apiUrl).toBe('https://api.partner.microsoft.com')
    expect(inputs.graphUrl).toBe('https://graph.microsoft.com')
    expect(inputs.productId).toBeUndefined()
    expect(inputs.publisherId).toBeUndefined()
  })
})

describe('product-id and publisher-id', () => {
  it('takes a product GUID (lower-cased) and a seller id', () => {
    withInputs({
      'product-id': '0B6F2C1E-7D4A-4E59-A3C8-5F1E2D9B7A60',
      'publisher-id': '12345678'
    })
    expect(readInputs()).toMatchObject({
      productId: '0b6f2c1e-7d4a-4e59-a3c8-5f1e2d9b7a60',
      publisherId: '12345678'
    })
  })

  it.each([
    ['product-id', 'contoso-app', "the offer's product GUID"],
    ['publisher-id', '12 34', 'the seller ID']
  ])('%s "%s" is refused', (name, value, message) => {
    withInputs({ [name]: value })
    expect(() => readInputs()).toThrow(message)
  })
})
