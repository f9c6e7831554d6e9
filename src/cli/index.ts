#!/usr/bin/env node
// The entry point of dist/cli/index.js (the package's `bin`): everything else lives in runCli().
import { runCli } from './main.js'

process.exitCode = await runCli(process.argv.slice(2))
