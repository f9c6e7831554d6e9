/**
 * Behind a proxy: a runner that reaches the internet only through `https_proxy`. The action's
 * calls go through @actions/http-client's own proxy support (a CONNECT tunnel, the `tunnel`
 * package), which is what stays when undici, imported by the client only for a `fetch`
 * dispatcher nobody here calls, is replaced by the stub in stubs/undici (README, design notes).
 * Partner Center and Entra ID are played by the emulator behind a TLS server that the proxy's
 * tunnels end at; nothing leaves loopback.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { HttpClient } from '@actions/http-client'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { SAMPLE } from '../../emulator/index.js'
import { createTestCertificate, type TestCertificate } from '../support/certificates.js'
import {
  startLoopbackProxy,
  startTlsFront,
  type LoopbackProxy,
  type TlsFront
} from '../support/loopback-proxy.js'
import { expectNoSecrets, startHarness, type Harness } from './harness.js'

/** A reserved name (RFC 6761): it resolves nowhere, so only the proxy can reach it. */
const HOST = 'partner-center.test'

let certificate: TestCertificate
let caDir: string
let caFile: string
let harness: Harness
let front: TlsFront
let proxy: LoopbackProxy

beforeAll(async () => {
  certificate = createTestCertificate({ commonName: HOST })
  caDir = await mkdtemp(path.join(tmpdir(), 'proxy-ca-'))
  caFile = path.join(caDir, 'ca.pem')
  await writeFile(caFile, certificate.certificatePem)
})
afterAll(async () => {
  await rm(caDir, { recursive: true, force: true })
})
beforeEach(async () => {
  harness = await startHarness()
  front = await startTlsFront(harness.emulator.url, certificate)
  proxy = await startLoopbackProxy(front.port)
})
afterEach(async () => {
  await proxy.close()
  await front.close()
  await harness.close()
})

describe('behind a proxy (https_proxy)', () => {
  it('signs in, reads and writes Partner Center, and uploads, all through the proxy', async () => {
    const origin = `https://${HOST}`
    const run = await harness.run(
      { target: 'draft', 'api-url': origin, 'login-url': origin, 'graph-url': origin },
      // The certificate of the TLS server that plays the host is trusted as a runner's corporate
      // CA would be.
      { env: { https_proxy: proxy.url, NODE_EXTRA_CA_CERTS: caFile } }
    )
    expect(run.stderr).not.toMatch(/not bundled/)
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('draft-updated')
    // Every Entra ID and Partner Center call went through a tunnel to the host asked for.
    const calls = harness.emulator.requests.filter((request) => !/^\/blob\b/.test(request.path))
    expect(calls.some((request) => /\/oauth2\//.test(request.path))).toBe(true)
    expect(proxy.tunnels.length).toBeGreaterThan(0)
    expect(new Set(proxy.tunnels)).toEqual(new Set([`${HOST}:443`]))
    // The storage SDK has proxy support of its own: both packages went through the proxy too.
    expect(proxy.forwarded.filter((request) => request.startsWith('PUT '))).toHaveLength(2)
    expect(harness.emulator.inspect(SAMPLE.offerId).packageConfigurations).not.toEqual([])
    expectNoSecrets(run, harness.emulator)
  })
})

describe('the undici stand-in (stubs/undici)', () => {
  it('fails with a clear message if anything asks @actions/http-client for a fetch dispatcher', () => {
    const saved = process.env.https_proxy
    process.env.https_proxy = 'http://127.0.0.1:9'
    try {
      expect(() => new HttpClient('test').getAgentDispatcher(`https://${HOST}`)).toThrow(
        /proxy agent for fetch .* is not bundled/
      )
    } finally {
      if (saved === undefined) delete process.env.https_proxy
      else process.env.https_proxy = saved
    }
  })
})
