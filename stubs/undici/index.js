/**
 * Stand-in for undici, put in place by the `overrides` entry of the repository's package.json.
 *
 * @actions/http-client 4 imports `ProxyAgent` from undici at load, only for
 * `HttpClient.getAgentDispatcher()`: a proxy dispatcher for `fetch`. Neither the action nor
 * @actions/core calls it; the client's own requests go through a proxy with `tunnel`. Loading
 * the real undici cost every run 40–70 ms of start-up (docs/benchmarks.md, issue 16), so this
 * package takes its place and fails loudly if a future caller does reach for it.
 */
const NOT_BUNDLED =
  'The proxy agent for fetch (undici ProxyAgent) is not bundled with this action: ' +
  '@actions/http-client requests use their own proxy support. ' +
  'If you see this, report it: a dependency started to use getAgentDispatcher().'

export class ProxyAgent {
  constructor() {
    throw new Error(NOT_BUNDLED)
  }
}
