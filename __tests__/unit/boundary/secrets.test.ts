import { describe, expect, it } from '@jest/globals'
import { SecretScrubber, secretForms } from '../../../src/boundary/secrets.js'
import { mapStrings } from '../../../src/boundary/strings.js'

// Entra client secrets often hold `~`; a space and `!` cover the rest of form encoding.
const SECRET = 'Ab1~Q8 x!y.z_Zq'

describe('secretForms', () => {
  it('covers raw, encodeURIComponent, form encoding (both hex cases) and base64', () => {
    const forms = secretForms(SECRET)
    expect(forms).toEqual(
      expect.arrayContaining([
        SECRET,
        encodeURIComponent(SECRET),
        'Ab1%7EQ8+x%21y.z_Zq',
        'Ab1%7eQ8+x%21y.z_Zq',
        Buffer.from(SECRET).toString('base64'),
        Buffer.from(SECRET).toString('base64url')
      ])
    )
  })

  it('finds the form the token request really sends', () => {
    const body = new URLSearchParams({ client_id: 'c', client_secret: SECRET }).toString()
    const sent = body.split('client_secret=')[1]
    expect(secretForms(SECRET)).toContain(sent)
  })
})

describe('SecretScrubber', () => {
  it('removes every form of every secret from text, and reports only new forms', () => {
    const scrubber = new SecretScrubber()
    expect(scrubber.add(SECRET).length).toBeGreaterThan(3)
    expect(scrubber.add(SECRET)).toEqual([])
    const echoed = secretForms(SECRET).join(' | ')
    const scrubbed = scrubber.scrub(`server said: ${echoed}`)
    for (const form of secretForms(SECRET)) expect(scrubbed).not.toContain(form)
    expect(scrubbed).toContain('server said: ***')
  })

  it('scrubs every string of a result, at any depth (with mapStrings), and keeps the rest', () => {
    const scrubber = new SecretScrubber()
    scrubber.add('token-abc.def')
    const result = {
      status: 'failed',
      error: 'echo Bearer token-abc.def',
      plans: [{ planId: 'p', file: `x-${Buffer.from('token-abc.def').toString('base64')}` }],
      size: 3
    }
    expect(mapStrings(result, (text) => scrubber.scrub(text))).toEqual({
      status: 'failed',
      error: 'echo Bearer ***',
      plans: [{ planId: 'p', file: 'x-***' }],
      size: 3
    })
  })

  it('does not scrub secrets too short to tell from words', () => {
    const scrubber = new SecretScrubber()
    scrubber.add('abc')
    expect(scrubber.scrub('abc abcdef')).toBe('abc abcdef')
  })
})
