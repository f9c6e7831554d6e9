import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { Writable } from 'node:stream'
import { paint, terminalFrom, terminalLogger, type Terminal } from '../../../src/cli/terminal.js'

/** A stream that records what is written; `isTTY` as a terminal's stream has it, or not. */
function stream(
  isTTY: boolean
): Writable & { isTTY?: boolean; columns?: number; text: () => string } {
  let text = ''
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      text += chunk.toString()
      done()
    }
  }) as Writable & { isTTY?: boolean; columns?: number; text: () => string }
  if (isTTY) Object.assign(sink, { isTTY: true, columns: 100 })
  sink.text = () => text
  return sink
}

function terminal(options: { colour: boolean; live: boolean }): Terminal & { text: () => string } {
  const sink = stream(options.live)
  return { log: sink, out: sink, logColour: options.colour, ...options, text: sink.text }
}

const ESCAPE = '\u001b'
/** A carriage return that does not end a line: the line is being redrawn in place. */
const REDRAW = /\r(?!\n)/

describe('what the terminal is', () => {
  const tty = () => ({ out: stream(true), log: stream(true) })

  it('a terminal: colour and live bars', () => {
    expect(terminalFrom({}, tty())).toMatchObject({ colour: true, live: true })
  })

  it('NO_COLOR (any non-empty value), or TERM=dumb: plain, with neither colour nor bars', () => {
    expect(terminalFrom({ NO_COLOR: '1' }, tty())).toMatchObject({ colour: false, live: false })
    expect(terminalFrom({ TERM: 'dumb' }, tty())).toMatchObject({ colour: false, live: false })
    expect(terminalFrom({ NO_COLOR: '' }, tty())).toMatchObject({ colour: true, live: true })
  })

  it('each stream is coloured only if it is a terminal: the log in a file gets no escape', async () => {
    for (const streams of [
      { out: stream(true), log: stream(false) },
      { out: stream(false), log: stream(true) }
    ]) {
      const logger = terminalLogger(terminalFrom({}, streams), {})
      await logger.group('A phase', async () => logger.warning('careful'))
      const painted = paint(terminalFrom({}, streams), 'green', 'title')
      expect(streams.log.text().includes(ESCAPE)).toBe(streams.log.isTTY === true)
      expect(painted.includes(ESCAPE)).toBe(streams.out.isTTY === true)
    }
  })

  it('stdout or stderr on a pipe: no bars; stdout on a pipe: no colour', () => {
    const piped = { out: stream(false), log: stream(true) }
    expect(terminalFrom({}, piped)).toMatchObject({ colour: false, live: false })
    const logPiped = { out: stream(true), log: stream(false) }
    expect(terminalFrom({}, logPiped)).toMatchObject({ colour: true, live: false })
  })
})

describe('the terminal logger', () => {
  afterEach(() => {
    jest.useRealTimers()
  })

  it('gives no bar before cli-progress is loaded (the caller logs instead), and bars once it is', async () => {
    const live = terminal({ colour: false, live: true })
    const logger = terminalLogger(live, {})
    expect(logger.progress!.transfer('Uploading a.zip', 1024)).toBeUndefined()
    expect(logger.progress!.wait('Submission 7', Date.now() + 60_000)).toBeUndefined()
    await logger.progressLoaded
    const upload = logger.progress!.transfer('Uploading a.zip', 1024)
    expect(upload).toBeDefined()
    upload!.end()
  })

  it('draws bars for an upload and a wait on a live terminal, with the log lines above them', async () => {
    // cli-progress redraws on a timer: the clock is the test's, so each redraw is deterministic.
    jest.useFakeTimers()
    const live = terminal({ colour: false, live: true })
    const logger = terminalLogger(live, {})
    await logger.progressLoaded
    const upload = logger.progress!.transfer('Uploading a.zip', 4 * 1024 * 1024)!
    upload.update(1024 * 1024)
    const wait = logger.progress!.wait('Submission 7', Date.now() + 60_000)!
    jest.advanceTimersByTime(1000)
    wait.update(1000, 'InProgress/Submitted')
    logger.info('Uploaded a.zip')
    jest.advanceTimersByTime(1000)
    upload.end()
    wait.end()
    wait.end()
    const text = live.text()
    expect(text).toMatch(/Uploading a\.zip █*░+ \d+% /)
    expect(text).toContain('1.0 MiB of 4.0 MiB')
    expect(text).toMatch(/Submission 7 .* 1 s of 60 s · InProgress\/Submitted/)
    expect(text.split('Uploaded a.zip\n')).toHaveLength(2)
    // The bars are taken down (cleared) when the last task ends, and the cursor shown again.
    expect(text.lastIndexOf('\u001b[?25h')).toBeGreaterThan(text.lastIndexOf('Submission 7'))
    expect(text.endsWith('\u001b[0J')).toBe(true)
    expect(text.indexOf('Uploaded a.zip')).toBeGreaterThan(text.indexOf('1.0 MiB of 4.0 MiB'))
  })

  it('neutralises what a server sent before it is drawn in a bar', async () => {
    jest.useFakeTimers()
    const live = terminal({ colour: false, live: true })
    const logger = terminalLogger(live, {})
    await logger.progressLoaded
    const wait = logger.progress!.wait('Submission 7', Date.now() + 60_000)!
    wait.update(0, 'Evil\u001b[2J\u0007')
    jest.advanceTimersByTime(1000)
    wait.end()
    expect(live.text()).toContain('Evil')
    expect(live.text()).not.toContain('\u001b[2J')
    expect(live.text()).not.toContain('\u0007')
  })

  it('writes plain lines when not a terminal: no bars, no escape sequence, no redraw', () => {
    const plain = terminal({ colour: false, live: false })
    const logger = terminalLogger(plain, {})
    expect(logger.progress).toBeUndefined()
    logger.info('Uploading a.zip: 1.0 MiB of 4.0 MiB (25%)')
    logger.warning('careful')
    expect(plain.text()).toBe('Uploading a.zip: 1.0 MiB of 4.0 MiB (25%)\nwarning: careful\n')
    expect(plain.text()).not.toContain(ESCAPE)
    expect(plain.text()).not.toMatch(REDRAW)
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
