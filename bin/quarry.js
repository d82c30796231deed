#!/usr/bin/env node
// quarry command line: thin launcher for the built CLI (npm install / npm test build it; see
// load-cli.js for the bundle and its code cache).
import { loadCli } from "./load-cli.js";

// A reader that closes the pipe early (`quarry check | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await (await loadCli())(process.argv.slice(2));
