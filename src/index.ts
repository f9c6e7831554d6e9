// The entry point of dist/index.js: everything else lives in run(), which tests can import.
import { run } from './main.js'

await run()
