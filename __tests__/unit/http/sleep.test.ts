import { describe, expect, it } from '@jest/globals'
import { sleep } from '../../../src/http/sleep.js'

describe('sleep', () => {
  it('resolves after the delay', async () => {
    await expect(sleep(5)).resolves.toBeUndefined()
  })

  it('rejects with the reason when aborted while sleeping', async () => {
    const controller = new AbortController()
    const sleeping = sleep(60_000, controller.signal)
    controller.abort(new Error('cancelled by the runner'))
    await expect(sleeping).rejects.toThrow('cancelled by the runner')
  })

  it('rejects at once on an already aborted signal', async () => {
    await expect(sleep(60_000, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' })
  })
})
