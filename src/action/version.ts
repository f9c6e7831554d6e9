import packageJson from '../../package.json' with { type: 'json' }

/** The action's version, for the User-Agent that identifies it to Partner Center. */
export const ACTION_VERSION: string = packageJson.version
export const USER_AGENT = `partner-center-publish-action/${ACTION_VERSION}`
