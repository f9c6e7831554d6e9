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

  it('scrubs a secret added after earlier scrubs (a token renewed mid-run)', () => {
    const scrubber = new SecretScrubber()
    scrubber.add('first-token-111')
    expect(scrubber.scrub('a first-token-111 b second-token-222')).toBe('a *** b second-token-222')
    scrubber.add('second-token-222')
    expect(scrubber.scrub('a first-token-111 b second-token-222')).toBe('a *** b ***')
  })

  it('replaces a longer form before a shorter one inside it, whatever the order they came in', () => {
    const scrubber = new SecretScrubber()
    // The signature alone first, then the whole URL parameter that holds it: scrubbing the
    // shorter first would leave 'sig=' and the rest of the longer one behind as '***'-split text.
    scrubber.add('abcd1234')
    scrubber.add('sig=abcd1234&se=2030')
    expect(scrubber.scrub('url?sig=abcd1234&se=2030 and abcd1234')).toBe('url?*** and ***')
  })

  it('scrubs a text that is exactly a secret, and leaves text shorter than every form alone', () => {
    const scrubber = new SecretScrubber()
    scrubber.add('exact-secret')
    expect(scrubber.scrub('exact-secret')).toBe('***')
    expect(scrubber.scrub('exact')).toBe('exact')
  })
})
