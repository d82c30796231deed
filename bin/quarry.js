#!/usr/bin/env node
// quarry command line: thin launcher for the compiled CLI (npm test / npm run build compile it).
import { main } from "../dist/src/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
