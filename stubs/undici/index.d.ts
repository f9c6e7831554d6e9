/** See index.js: a stand-in whose constructor throws. */
export declare class ProxyAgent {
  constructor(options?: unknown)
}
