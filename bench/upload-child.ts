/**
 * The action's upload step alone, as a child process: uploads argv[2] to the SAS URL in env
 * BENCH_SAS_URL with `uploadPackage` (src/storage/blob-upload.ts) and prints its outcome and the
 * time the whole call took (transfer and the check of the stored blob) as JSON. bench/upload.ts
 * bundles it with ncc, as the action is bundled, so that its peak RSS is the upload's and not a
 * TypeScript loader's. It stands in for the action where the action cannot be pointed (Azurite).
 */
import { silentLogger } from '../src/logging.js'
import { uploadPackage } from '../src/storage/blob-upload.js'

const startedAt = performance.now()
const outcome = await uploadPackage({
  filePath: process.argv[2],
  sasUrl: process.env.BENCH_SAS_URL ?? '',
  logger: silentLogger()
})
process.stdout.write(JSON.stringify({ ...outcome, stepMs: performance.now() - startedAt }))
