/**
 * The Logger the action writes through, as the runner reads it: every line on stdout. Each log
 * path of the engine (retry lines, create-retry lines, package state, submission substate, Entra
 * errors, the client id) writes through this Logger, so feeding it the hostile texts covers them;
 * the end-to-end tests feed the same texts through the bundled action.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  actionsLogger,
  commandText,
  registerSecret,
  runSecrets
} from '../../../src/action/logger.js'
import { MAX_TEXT_CHARS } from '../../../src/boundary/log-text.js'
import { secretForms } from '../../../src/boundary/secrets.js'
import { HOSTILE_TEXTS, unsafeLines } from '../../support/hostile.js'

let written: string[]

beforeEach(() => {
  written = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk))
    return true
  })
})

afterEach(() => {
  jest.restoreAllMocks()
})

const LEVELS = ['debug', 'info', 'warning'] as const

describe('actionsLogger', () => {
  it.each(LEVELS.flatMap((level) => HOSTILE_TEXTS.map((text) => [level, text] as const)))(
    '%s writes %j as one line that starts no command',
    (level, text) => {
      actionsLogger[level](`Plan standard: package state ${text}`)
      const stdout = written.join('')
      expect(stdout.split('\n').filter(Boolean)).toHaveLength(1)
      expect(unsafeLines(stdout)).toEqual([])
      expect(stdout).not.toContain('\u001b')
    }
  )

  it('a 4 MiB server message becomes one bounded line', () => {
    actionsLogger.warning(`Partner Center said: ${'a\n'.repeat(2 * 1024 * 1024)}`)
    const stdout = written.join('')
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(1)
    // @actions/core escapes each `%` of a warning as `%25`, so the line may grow by half.
    expect(stdout.length).toBeLessThan(2 * MAX_TEXT_CHARS)
  })

  it('a message that starts with server text cannot start a command', () => {
    actionsLogger.info('::stop-commands::pwned')
    expect(written.join('')).toBe('%3A:stop-commands::pwned\n')
  })

  it('masks a secret in every form with the runner, and scrubs each from later lines', () => {
    const secret = 'Zz9~secret value!'
    registerSecret(secret)
    const masks = written
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('::add-mask::'))
    expect(masks.length).toBeGreaterThanOrEqual(secretForms(secret).length - 1)
    written = []
    for (const form of secretForms(secret)) actionsLogger.info(`Entra ID said: ${form}`)
    const stdout = written.join('')
    for (const form of secretForms(secret)) expect(stdout).not.toContain(form)
    expect(runSecrets.scrub(`x ${encodeURIComponent(secret)}`)).toBe('x ***')
  })
})

describe('commandText', () => {
  it('keeps the lines of an error message, each neutralised, and scrubs secrets', () => {
    registerSecret('token-for-commandText')
    expect(commandText('failed:\n::stop-commands::x token-for-commandText')).toBe(
      'failed:\n%3A:stop-commands::x ***'
    )
  })
})
