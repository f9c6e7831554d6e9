/**
 * The sign-in a run starts before it reads its manifest (`startSignIn`), against the emulator's
 * Entra ID over real HTTP: it is under way before anyone asks for a token, its outcome is held
 * (one token request, whatever the number of callers), what the shell's sign-in throws waits for
 * the engine, and the run's end stops a request nobody took.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { SAMPLE, startEmulator } from '../../../emulator/index.js'
import {
  createTokenProvider,
  GRAPH_RESOURCE,
  selectCredential,
  SignInError,
  type TokenProvider
} from '../../../src/auth/index.js'
import type { HttpTransport } from '../../../src/http/types.js'
import type { Inputs } from '../../../src/inputs/table.js'
import { startSignIn } from '../../../src/shell/early-sign-in.js'
import { recordingLogger } from '../../support/recording-logger.js'

type Emulator = Awaited<ReturnType<typeof startEmulator>>

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.close()
})
beforeEach(() => {
  emulator.requests.length = 0
  emulator.faults.clear()
})

const tokenRequests = () => emulator.requests.filter((request) => /\/oauth2\//.test(request.path))

/** The action's sign-in with a client secret, counting the token requests it is asked for. */
function secretSignIn(secret: string) {
  const seen = { getToken: 0, signal: undefined as AbortSignal | undefined }
  const signIn = (_inputs: Inputs, transport: HttpTransport, signal: AbortSignal) => {
    seen.signal = signal
    const tokens = createTokenProvider({
      loginUrl: emulator.url,
      tenantId: SAMPLE.tenantId,
      clientId: SAMPLE.clientId,
      credential: selectCredential({
        clientSecret: secret,
        oidc: { available: false, audience: '', requestIdToken: () => Promise.reject() }
      }),
      transport,
      logger: recordingLogger(),
      signal
    })
    return {
      method: tokens.method,
      getToken: (options) => {
        seen.getToken++
        return tokens.getToken(options)
      }
    } satisfies TokenProvider
  }
  return { signIn, seen }
}

function start(signIn: Parameters<typeof startSignIn>[1]['signIn']) {
  const logger = recordingLogger()
  const inputs = { clientId: SAMPLE.clientId } as Inputs
  const early = startSignIn(inputs, { signIn, logger, signal: new AbortController().signal }, 'ua')
  return { early, logger }
}

describe('startSignIn', () => {
  it('requests the Partner Center token at once, and hands it to the first call', async () => {
    const { signIn, seen } = secretSignIn(SAMPLE.clientSecret)
    const { early, logger } = start(signIn)
    try {
      expect(seen.getToken).toBe(1)
      expect(logger.text()).toContain(
        `Signing in to Entra ID as ${SAMPLE.clientId} with client secret`
      )
      const tokens = early.tokens()
      const [first, second] = await Promise.all([tokens.getToken(), tokens.getToken()])
      expect(first).toBe(second)
      expect(tokenRequests()).toHaveLength(1)
    } finally {
      early.end()
    }
  })

  it('holds a failure for every Partner Center call that asks, without a second token request', async () => {
    const { signIn } = secretSignIn('not-the-secret')
    const { early } = start(signIn)
    try {
      const tokens = early.tokens()
      const failures = await Promise.allSettled([tokens.getToken(), tokens.getToken()])
      for (const failure of failures) {
        expect(failure.status).toBe('rejected')
        const { reason } = failure as PromiseRejectedResult
        expect(reason).toBeInstanceOf(SignInError)
        expect((reason as Error).message).toContain('AADSTS7000215')
      }
      expect(tokenRequests()).toHaveLength(1)
      // Another audience was not started early: it is asked for as usual.
      await expect(tokens.getToken({ resource: GRAPH_RESOURCE })).rejects.toThrow('AADSTS7000215')
      expect(tokenRequests()).toHaveLength(2)
    } finally {
      early.end()
    }
  })

  it("keeps what the shell's sign-in throws for the engine, having sent nothing", () => {
    const refusal = new SignInError('No credential to sign in to Entra ID with.')
    const { early, logger } = start(() => {
      throw refusal
    })
    expect(() => early.tokens()).toThrow(refusal)
    expect(logger.text()).not.toContain('Signing in')
    expect(emulator.requests).toEqual([])
    early.end()
  })

  it('stops, at the end of the run, a token request nobody took', async () => {
    emulator.faults.add({ path: /\/oauth2\//, delayMs: 60_000 })
    const { signIn, seen } = secretSignIn(SAMPLE.clientSecret)
    const { early } = start(signIn)
    const tokens = early.tokens()
    early.end()
    expect(seen.signal?.aborted).toBe(true)
    // Settles instead of waiting out Entra's minute.
    await expect(tokens.getToken()).rejects.toThrow()
  })
})
