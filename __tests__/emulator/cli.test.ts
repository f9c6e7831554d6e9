import { describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SAMPLE } from '../../emulator/index.js'
import { PARTNER_CENTER, call } from './support.js'

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

describe('npm run emulator (emulator/cli.ts)', () => {
  it('prints its URL, the sample credentials and curl commands that work, and stops on SIGINT', async () => {
    const child = spawn(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      ['emulator/cli.ts', '--port', '0', '--speed', '5'],
      { cwd: repoRoot }
    )
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    while (!output.includes('Press Ctrl-C')) {
      const [chunk] = (await Promise.race([once(child.stdout, 'data'), once(child, 'exit')])) as [
        unknown
      ]
      if (!Buffer.isBuffer(chunk)) throw new Error(`the CLI exited early: ${output}`)
    }
    const url = /listening on (http:\/\/\S+)/.exec(output)![1]
    for (const value of [SAMPLE.tenantId, SAMPLE.clientId, SAMPLE.clientSecret, SAMPLE.offerId])
      expect(output).toContain(value)
    expect(output.match(/curl /g)).toHaveLength(3)

    const token = await call(`${url}/${SAMPLE.tenantId}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: SAMPLE.clientId,
        client_secret: SAMPLE.clientSecret,
        resource: PARTNER_CENTER
      })
    })
    expect(token.status).toBe(200)
    const branchesCommand = /curl .*"(http[^"]+getByModule\(module=Package\))"/.exec(output)![1]
    const branches = await call(branchesCommand, {
      headers: { authorization: `Bearer ${token.json.access_token}` }
    })
    expect(branches.json.value.length).toBeGreaterThan(0)

    child.kill('SIGINT')
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
  })

  it('--profile 2026 plays the 2026 service (the offer missing from the listing); an unknown profile is refused', async () => {
    const child = spawn(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      ['emulator/cli.ts', '--port', '0', '--profile', '2026', '--require-publisher-id'],
      { cwd: repoRoot }
    )
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    while (!output.includes('Press Ctrl-C')) {
      const [chunk] = (await Promise.race([once(child.stdout, 'data'), once(child, 'exit')])) as [
        unknown
      ]
      if (!Buffer.isBuffer(chunk)) throw new Error(`the CLI exited early: ${output}`)
    }
    expect(output).toContain('profile 2026, x-ms-publisherId required')
    const url = /listening on (http:\/\/\S+)/.exec(output)![1]
    const token = await call(`${url}/${SAMPLE.tenantId}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: SAMPLE.clientId,
        client_secret: SAMPLE.clientSecret,
        resource: PARTNER_CENTER
      })
    })
    const listing = /curl .*"(http[^"]+products\?[^"]+)"/.exec(output)![1]
    const headers = { authorization: `Bearer ${token.json.access_token}` }
    expect((await call(listing, { headers })).status).toBe(400)
    const reply = await call(listing, { headers: { ...headers, 'x-ms-publisherId': '1' } })
    expect(reply.json.value).toEqual([])
    child.kill('SIGINT')
    await once(child, 'exit')

    const wrong = spawn(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      ['emulator/cli.ts', '--profile', '2025'],
      {
        cwd: repoRoot
      }
    )
    let errors = ''
    wrong.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
    const [code] = await once(wrong, 'exit')
    expect(code).toBe(2)
    expect(errors).toContain('Unknown emulator profile "2025"; use one of classic, 2026.')
  })
})
