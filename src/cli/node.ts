// quarry's Node-only API (package entry "quarry/node"): what needs the file system or threads.
export { parseDirectory, closeParseWorkers, listPythonFiles, parseFileStats } from "./parse-dir.js";
export type { FileStats, DirectoryStats } from "./parse-dir.js";
export { createNodeHost } from "./check-host.js";
