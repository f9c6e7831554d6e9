import type { Logger } from '../../src/logging.js'

export interface LogLine {
  level: 'debug' | 'info' | 'warning'
  message: string
}

/** A Logger that keeps every line and every registered secret, for assertions. */
export function recordingLogger(): Logger & {
  lines: LogLine[]
  secrets: string[]
  text(): string
} {
  const lines: LogLine[] = []
  const secrets: string[] = []
  return {
    lines,
    secrets,
    text: () => lines.map((line) => line.message).join('\n'),
    debug: (message) => lines.push({ level: 'debug', message }),
    info: (message) => lines.push({ level: 'info', message }),
    warning: (message) => lines.push({ level: 'warning', message }),
    secret: (value) => {
      if (value) secrets.push(value)
    }
  }
}
