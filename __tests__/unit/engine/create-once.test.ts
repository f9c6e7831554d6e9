import { describe, expect, it } from '@jest/globals'
import { NetworkError } from '../../../src/http/errors.js'
import { PartnerCenterError } from '../../../src/partner-center/errors.js'
import { createOnce } from '../../../src/engine/apply/create-once.js'
import { recordingLogger } from '../../support/recording-logger.js'

const URL_ = 'https://api.example/v1.0/ingestion/products/p/packages'
const answered = (status: number) =>
  new PartnerCenterError({ method: 'POST', url: URL_ }, { status, headers: {}, body: '' })
const dropped = () => new NetworkError({ code: 'ECONNRESET', method: 'POST', url: URL_ })

/** A create that fails with the given errors in turn, then succeeds with 'new'. */
function scripted(failures: Error[]) {
  const calls = { create: 0, find: 0 }
  return {
    calls,
    create: async () => {
      const failure = failures[calls.create++]
      if (failure) throw failure
      return 'new'
    }
  }
}

describe('createOnce', () => {
  it('creates once and does not look when the POST answers', async () => {
    const post = scripted([])
    const find = async () => {
      post.calls.find++
      return 'found'
    }
    const outcome = await createOnce({ ...post, find, what: 'x', logger: recordingLogger() })
    expect(outcome).toEqual({ value: 'new', recovered: false })
    expect(post.calls).toEqual({ create: 1, find: 0 })
  })

  it('after a dropped connection takes what the POST made instead of creating again', async () => {
    const post = scripted([dropped()])
    const logger = recordingLogger()
    const outcome = await createOnce({ ...post, find: async () => 'made', what: 'x', logger })
    expect(outcome).toEqual({ value: 'made', recovered: true })
    expect(post.calls.create).toBe(1)
    expect(logger.text()).toMatch(/Creating x failed .*ECONNRESET.*but it was created: using it/)
  })

  it('after a 5xx that created nothing creates again', async () => {
    const post = scripted([answered(503)])
    const outcome = await createOnce({
      ...post,
      find: async () => undefined,
      what: 'x',
      logger: recordingLogger()
    })
    expect(outcome).toEqual({ value: 'new', recovered: false })
    expect(post.calls.create).toBe(2)
  })

  it.each([400, 409, 429])(
    'a %i made nothing: it fails at once without looking',
    async (status) => {
      const post = scripted([answered(status)])
      let looked = false
      const find = async () => {
        looked = true
        return 'found'
      }
      await expect(
        createOnce({ ...post, find, what: 'x', logger: recordingLogger() })
      ).rejects.toMatchObject({ status })
      expect(looked).toBe(false)
      expect(post.calls.create).toBe(1)
    }
  )

  it('a cancellation during the wait before creating again stops it', async () => {
    const post = scripted([answered(500)])
    const controller = new AbortController()
    const running = createOnce({
      ...post,
      find: async () => {
        controller.abort(new Error('cancelled'))
        return undefined
      },
      what: 'x',
      logger: recordingLogger(),
      signal: controller.signal
    })
    await expect(running).rejects.toThrow('cancelled')
    expect(post.calls.create).toBe(1)
  })
})
