#!/usr/bin/env node
// quarry command line: thin launcher for the compiled CLI (npm install / npm test compile it).
import { main } from "../dist/src/cli/main.js";

// A reader that closes the pipe early (`quarry check | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await main(process.argv.slice(2));
