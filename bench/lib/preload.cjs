// Loaded with `node --require` into a measured child: on exit, writes the process's own resource
// usage (maxRSS is the peak resident set in KiB) to the file named by BENCH_USAGE_FILE.
'use strict'
const file = process.env.BENCH_USAGE_FILE
if (file) {
  process.on('exit', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a --require preload is CommonJS
    require('node:fs').writeFileSync(file, JSON.stringify(process.resourceUsage()))
  })
}
