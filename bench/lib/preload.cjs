// Loaded with `node --require` into a measured child: on exit, writes the process's own resource
// usage (maxRSS is the peak resident set in KiB) to the file named by BENCH_USAGE_FILE, with the
// CPU time (ms) it had used when it opened its first client socket (its first request), if any.
'use strict'
/* eslint-disable @typescript-eslint/no-require-imports -- a --require preload is CommonJS */
const file = process.env.BENCH_USAGE_FILE
if (file) {
  let cpuMsAtFirstSocket
  const onSocket = () => {
    const { user, system } = process.cpuUsage()
    cpuMsAtFirstSocket = (user + system) / 1000
    require('node:diagnostics_channel').unsubscribe('net.client.socket', onSocket)
  }
  require('node:diagnostics_channel').subscribe('net.client.socket', onSocket)
  process.on('exit', () => {
    const usage = { ...process.resourceUsage(), cpuMsAtFirstSocket }
    require('node:fs').writeFileSync(file, JSON.stringify(usage))
  })
}
