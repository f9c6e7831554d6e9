/**
 * The action's upload step alone, as a child process: uploads argv[2] to the SAS URL in env
 * BENCH_SAS_URL with `uploadPackage` (src/storage/blob-upload.ts) and prints its outcome and the
 * time the whole call took (transfer and the check of the stored blob) as JSON. bench/upload.ts
 * bundles it with ncc, as the action is bundled, so that its peak RSS is the upload's and not a
 * TypeScript loader's. It stands in for the action where the action cannot be pointed (Azurite).
 */
import { checkPackage } from '../src/app-package/check-package.js'
import { silentLogger } from '../src/logging.js'
import { uploadPackage } from '../src/storage/blob-upload.js'

// As in the action, the package check hashes the file before the upload step begins.
const checked = await checkPackage(process.argv[2], 'bench')
const startedAt = performance.now()
const outcome = await uploadPackage({
  filePath: checked.path,
  md5: checked.md5,
  sasUrl: process.env.BENCH_SAS_URL ?? '',
  logger: silentLogger()
})
process.stdout.write(JSON.stringify({ ...outcome, stepMs: performance.now() - startedAt }))
