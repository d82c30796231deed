// Worker thread for parseDirectory: receives batches of paths, answers with their FileStats.
import { parentPort } from "node:worker_threads";
import { parseFileStats } from "./parse-dir.js";

parentPort!.on("message", (paths: string[]) => {
  parentPort!.postMessage(paths.map(parseFileStats));
});
