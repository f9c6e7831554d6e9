#!/usr/bin/env node
// The entry point of dist/cli/index.js (the package's `bin`): everything else lives in runCli().
import { runCli } from './main.js'

// A reader that stops early (`| head`, a closed terminal) closes the pipe: what is left to print
// there is dropped, and the run goes on to its end and its exit code rather than dying mid-publish.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
  })
}

process.exitCode = await runCli(process.argv.slice(2))
