import type { AddressInfo } from 'node:net'
import { BlobStore } from './blob-store.js'
import { SimulatedClock } from './clock.js'
import { EntraTokenEndpoint } from './entra/token-endpoint.js'
import { TokenStore } from './entra/tokens.js'
import { FaultInjector } from './faults.js'
import { GithubOidc } from './github-oidc.js'
import type { IngestionDeps } from './ingestion/context.js'
import { draftRoutes } from './ingestion/drafts.js'
import { Entities } from './ingestion/model.js'
import { OfferStore } from './ingestion/offers.js'
import { branchRoutes } from './ingestion/branches.js'
import { imageRoutes } from './ingestion/images.js'
import { packageRoutes } from './ingestion/packages.js'
import { productRoutes } from './ingestion/products.js'
import { resellerRoutes } from './ingestion/reseller.js'
import { variantRoutes } from './ingestion/variants.js'
import { IngestionRouter } from './ingestion/router.js'
import { submissionRoutes } from './ingestion/submissions.js'
import { SasSigner } from './sas.js'
import { ProductIngestionRoutes } from './product-ingestion.js'
import { serviceProfile } from './profile.js'
import { Scenarios } from './scenario.js'
import { seedSample } from './seed.js'
import { createEmulatorServer } from './server.js'
import type { Emulator, EmulatorOptions, RecordedRequest, Timings } from './types.js'

export { SAMPLE } from './seed.js'
export type * from './types.js'
export {
  parseProfileName,
  PROFILE_NAMES,
  type ProfileName,
  type ServiceProfile
} from './profile.js'

export const DEFAULT_TIMINGS: Timings = {
  packageProcessing: 20,
  imageProcessing: 10,
  validation: 30,
  previewCreation: 300,
  certification: 600,
  publish: 300
}

/** Starts a local Partner Center (Entra ID, GitHub OIDC, ingestion API, blob store) on one port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const clock = new SimulatedClock(options.speed ?? 1)
  const timings: Timings = { ...DEFAULT_TIMINGS, ...options.timings }
  const tokens = new TokenStore(clock, options.tokenLifetimeSeconds ?? 3599)
  const github = new GithubOidc(clock)
  let url = ''
  const baseUrl = (): string => url
  const entra = new EntraTokenEndpoint(clock, tokens, github.publicKey, baseUrl)
  const sas = new SasSigner()
  const blobs = new BlobStore(clock, sas)
  const profile = {
    ...serviceProfile(options.profile ?? 'classic'),
    ...(options.requirePublisherId ? { requirePublisherId: true } : {})
  }
  const store = new OfferStore(new Entities(() => clock.nowMs()), profile.planConfigurationType)
  const paging = { pageSize: options.pageSize ?? 2, mode: options.paging ?? 'normal' }
  const deps: IngestionDeps = {
    store,
    clock,
    timings,
    paging,
    etagMismatchStatus: options.etagMismatchStatus ?? 412,
    // None by default, as recorded (test_managed_app_creation.yaml: the new plan's Listing
    // branch is in the first getByModule after the create); S3's retries point to reads that
    // miss it at times (§9.12), which tests switch on.
    newPlanBranches: { hiddenReads: options.newPlanHiddenReads ?? 0 },
    profile,
    blobs,
    sas,
    baseUrl
  }
  const ingestion = new IngestionRouter(
    deps,
    [
      ...productRoutes,
      ...variantRoutes,
      ...branchRoutes,
      ...draftRoutes,
      ...packageRoutes,
      ...imageRoutes,
      ...resellerRoutes,
      ...submissionRoutes
    ],
    (token, audience) => tokens.isValid(token, audience)
  )
  const requests: RecordedRequest[] = []
  const faults = new FaultInjector()
  const server = createEmulatorServer({
    latencyMs: options.latencyMs ?? 0,
    requests,
    faults,
    entra,
    github,
    blobs,
    ingestion,
    productIngestion: new ProductIngestionRoutes(store, (token, audience) =>
      tokens.isValid(token, audience)
    )
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  url = `http://${host}:${address.port}`

  if ((options.seed ?? 'sample') === 'sample')
    seedSample(store, entra, deps, github.subject, clock.nowMs())
  const scenarios = new Scenarios(store, blobs, clock, timings)

  return {
    url,
    clock: {
      now: () => clock.now(),
      nowMs: () => clock.nowMs(),
      advance: (seconds) => clock.advance(seconds)
    },
    requests,
    faults: { add: (rule) => faults.add(rule), clear: () => faults.clear() },
    entra: {
      registerApp: (app) => entra.registerApp(app),
      audienceOf: (token) => tokens.audienceOf(token)
    },
    profile,
    newPlanBranches: deps.newPlanBranches,
    github: {
      requestUrl: `${url}/github/idtoken?api-version=2.0`,
      requestToken: github.requestToken,
      get subject() {
        return github.subject
      },
      set subject(value: string) {
        github.subject = value
      }
    },
    scenario: {
      inProgressSubmission: (offerId, opts) => scenarios.inProgressSubmission(offerId, opts),
      submissionAppearsBeforeNextCreate: (offerId, opts) =>
        scenarios.submissionAppearsBeforeNextCreate(offerId, opts),
      failNextPackageProcessing: (offerId, items) =>
        scenarios.failNextPackageProcessing(offerId, items),
      failNextImageProcessing: (offerId) => scenarios.failNextImageProcessing(offerId),
      failNextSubmission: (offerId, items) => scenarios.failNextSubmission(offerId, items),
      history: (offerId, releases) => scenarios.history(offerId, releases)
    },
    paging,
    inspect: (offerId) => scenarios.inspect(offerId),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      blobs.close()
    }
  }
}
