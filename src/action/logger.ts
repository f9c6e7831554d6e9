import * as core from '@actions/core'
import { boundText, neutraliseLines, neutraliseText } from '../boundary/log-text.js'
import { SecretScrubber } from '../boundary/secrets.js'
import type { Logger } from '../logging.js'

/**
 * The run's secrets, in every form (src/boundary/secrets.ts). The runner masks what it is told
 * to; this copy scrubs what it never sees masked: outputs, the summary, and log lines written
 * before a mask could take effect.
 */
export const runSecrets = new SecretScrubber()

/** Registers a secret with the runner and with `runSecrets`, in every form it can appear in. */
export function registerSecret(value: string): void {
  for (const form of runSecrets.add(value)) core.setSecret(form)
}

/**
 * One log line from any text: secrets scrubbed, neutralised (no line break, no command), and
 * bounded in length. Scrubbing comes first, so a cut can never leave part of a secret.
 */
export function logLine(message: string): string {
  return boundText(neutraliseText(runSecrets.scrub(message)))
}

/** The data of a workflow command (error, notice), or a string of the result: the same, lines kept. */
export function commandText(message: string): string {
  return boundText(neutraliseLines(runSecrets.scrub(message)))
}

/**
 * The Logger the engine writes to when it runs as an action. Every message may carry server or
 * input text, so every message crosses the boundary here, whoever built it.
 */
export const actionsLogger: Logger = {
  debug: (message) => core.debug(logLine(message)),
  info: (message) => core.info(logLine(message)),
  warning: (message) => core.warning(logLine(message)),
  secret: (value) => {
    if (value) registerSecret(value)
  }
}
