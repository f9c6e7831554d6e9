import { describe, expect, it } from '@jest/globals'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SAMPLE } from '../../emulator/index.js'
import { PARTNER_CENTER, call, tokenRequest } from './support.js'

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx')

/** Starts the CLI and waits until it has printed its greeting. */
async function startCli(
  args: string[]
): Promise<{ child: ChildProcess; output: string; url: string }> {
  const child = spawn(tsx, ['emulator/cli.ts', '--port', '0', ...args], { cwd: repoRoot })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  while (!output.includes('Press Ctrl-C')) {
    const [chunk] = (await Promise.race([once(child.stdout, 'data'), once(child, 'exit')])) as [
      unknown
    ]
    if (!Buffer.isBuffer(chunk)) throw new Error(`the CLI exited early: ${output}`)
  }
  return { child, output, url: /listening on (http:\/\/\S+)/.exec(output)![1] }
}

/** A sample token from the CLI's emulator. */
async function token(url: string): Promise<string> {
  const reply = await tokenRequest(
    { url },
    {
      grant_type: 'client_credentials',
      client_id: SAMPLE.clientId,
      client_secret: SAMPLE.clientSecret,
      resource: PARTNER_CENTER
    }
  )
  expect(reply.status).toBe(200)
  return reply.json.access_token as string
}

describe('npm run emulator (emulator/cli.ts)', () => {
  it('prints its URL, the sample credentials and curl commands that work, and stops on SIGINT', async () => {
    const { child, output, url } = await startCli(['--speed', '5'])
    for (const value of [SAMPLE.tenantId, SAMPLE.clientId, SAMPLE.clientSecret, SAMPLE.offerId])
      expect(output).toContain(value)
    expect(output.match(/curl /g)).toHaveLength(3)

    const branchesCommand = /curl .*"(http[^"]+getByModule\(module=Package\))"/.exec(output)![1]
    const branches = await call(branchesCommand, {
      headers: { authorization: `Bearer ${await token(url)}` }
    })
    expect(branches.json.value.length).toBeGreaterThan(0)

    child.kill('SIGINT')
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
  })

  it('--profile 2026 plays the 2026 service (the offer missing from the listing); an unknown profile is refused', async () => {
    const { child, output, url } = await startCli(['--profile', '2026', '--require-publisher-id'])
    expect(output).toContain('profile 2026, x-ms-publisherId required')
    const listing = /curl .*"(http[^"]+products\?[^"]+)"/.exec(output)![1]
    const headers = { authorization: `Bearer ${await token(url)}` }
    expect((await call(listing, { headers })).status).toBe(400)
    const reply = await call(listing, { headers: { ...headers, 'x-ms-publisherId': '1' } })
    expect(reply.json.value).toEqual([])
    child.kill('SIGINT')
    await once(child, 'exit')

    const wrong = spawn(tsx, ['emulator/cli.ts', '--profile', '2025'], { cwd: repoRoot })
    let errors = ''
    wrong.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
    const [code] = await once(wrong, 'exit')
    expect(code).toBe(2)
    expect(errors).toContain('Unknown emulator profile "2025"; use one of classic, 2026.')
  })
})
