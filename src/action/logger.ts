import * as core from '@actions/core'
import type { Logger } from '../logging.js'

/** The Logger the engine writes to when it runs as an action: runner log lines and masks. */
export const actionsLogger: Logger = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  secret: (value) => {
    if (value) core.setSecret(value)
  }
}
