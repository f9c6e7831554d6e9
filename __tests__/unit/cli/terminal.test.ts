import { describe, expect, it } from '@jest/globals'
import { Writable } from 'node:stream'
import { paint, terminalLogger, type Terminal } from '../../../src/cli/terminal.js'

function terminal(options: { colour: boolean; live: boolean }): Terminal & { text: () => string } {
  let text = ''
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      text += chunk.toString()
      done()
    }
  })
  return { log: sink, out: sink, ...options, text: () => text }
}

const lines = [
  'Uploading a.zip: 1.0 MiB of 4.0 MiB (25%)',
  'Uploading a.zip: 2.0 MiB of 4.0 MiB (50%)',
  'Uploaded a.zip (4.0 MiB)'
]

describe('the terminal logger', () => {
  it('redraws upload progress in place on a live terminal', () => {
    const live = terminal({ colour: false, live: true })
    const logger = terminalLogger(live, {})
    for (const line of lines) logger.info(line)
    expect(live.text()).toBe(
      'Uploading a.zip: 1.0 MiB of 4.0 MiB (25%)' +
        '\r\u001b[KUploading a.zip: 2.0 MiB of 4.0 MiB (50%)' +
        '\r\u001b[KUploaded a.zip (4.0 MiB)\n'
    )
  })

  it('writes plain lines when not a terminal, with no escape sequence', () => {
    const plain = terminal({ colour: false, live: false })
    const logger = terminalLogger(plain, {})
    for (const line of lines) logger.info(line)
    logger.warning('careful')
    expect(plain.text()).toBe(`${lines.join('\n')}\nwarning: careful\n`)
  })

  it('scrubs secrets and neutralises control characters a server sent', () => {
    const plain = terminal({ colour: false, live: false })
    const logger = terminalLogger(plain, {})
    logger.secret('s3cr3t-value')
    logger.info('token s3cr3t-value \u001b[2Jcleared')
    expect(plain.text()).not.toContain('s3cr3t-value')
    expect(plain.text()).not.toContain('\u001b')
  })

  it('paints only when colour is on', () => {
    expect(paint(terminal({ colour: true, live: false }), 'red', 'x')).toBe('\u001b[31mx\u001b[39m')
    expect(paint(terminal({ colour: false, live: true }), 'red', 'x')).toBe('x')
  })
})
