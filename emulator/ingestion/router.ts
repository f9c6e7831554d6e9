import type { IncomingMessage, ServerResponse } from 'node:http'
import { header, sendJson } from '../http-util.js'
import { IngestionContext, type IngestionDeps } from './context.js'
import { IngestionError, notFound, sendIngestionError } from './errors.js'

export interface Route {
  method: string
  /** e.g. `products/:pid/branches/getByModule(module=:module)`; matched case-insensitively. */
  pattern: string
  handle(ctx: IngestionContext): void | Promise<void>
}

interface CompiledRoute extends Route {
  regex: RegExp
}

const PARTNER_CENTER_AUDIENCE = 'https://api.partner.microsoft.com'
const BASE = /^\/v1\.0\/ingestion\//i

function compile(route: Route): CompiledRoute {
  const source = route.pattern
    .split(/(:[a-zA-Z]+)/)
    .map((part) =>
      part.startsWith(':')
        ? `(?<${part.slice(1)}>[^/()]+)`
        : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    )
    .join('')
  return { ...route, regex: new RegExp(`^${source}$`, 'i') }
}

/** Dispatches /v1.0/ingestion/... requests after checking the bearer token. */
export class IngestionRouter {
  private readonly routes: CompiledRoute[]

  constructor(
    private readonly deps: IngestionDeps,
    routes: Route[],
    private readonly isValidToken: (token: string, audience: string) => boolean
  ) {
    this.routes = routes.map(compile)
  }

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    query: URLSearchParams,
    body: string
  ): Promise<void> {
    try {
      const token = /^Bearer (.+)$/i.exec(header(req, 'authorization') ?? '')?.[1]
      // Missing, unknown, expired or wrong-audience token: 401 (body format unknown, §10; ICH string).
      if (!token || !this.isValidToken(token, PARTNER_CENTER_AUDIENCE)) {
        throw new IngestionError(
          401,
          'Unauthorized',
          'Authentication failed. The access token is missing, invalid or expired.'
        )
      }
      if (this.deps.profile.requirePublisherId && !header(req, 'x-ms-publisherid')?.trim()) {
        // Production's answer during the June 2026 regression (§9.3): a bare JSON string.
        sendJson(res, 400, 'x-ms-publisherId is a required header')
        return
      }
      const relative = pathname.replace(BASE, '')
      const method = (req.method ?? 'GET').toUpperCase()
      let pathMatched = false
      for (const route of this.routes) {
        const match = route.regex.exec(relative)
        if (!match) continue
        pathMatched = true
        if (route.method !== method) continue
        const ctx = new IngestionContext(this.deps, {
          req,
          res,
          pathname,
          query,
          params: { ...match.groups },
          body
        })
        await route.handle(ctx)
        return
      }
      throw pathMatched
        ? new IngestionError(
            405,
            'Method not allowed',
            'The requested method is not allowed for this resource.'
          )
        : notFound()
    } catch (error) {
      if (!(error instanceof IngestionError)) throw error
      sendIngestionError(res, error)
    }
  }
}
