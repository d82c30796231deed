// Cache writes that a concurrent reader never sees half-done: write a temporary file beside the
// target, then rename it over the target (atomic on one file system). Test files run in parallel
// (`--test-concurrency=2`) and may ask an oracle the same question at once.
import { renameSync, writeFileSync } from "node:fs";

let serial = 0;

/** writeFileSync(path, data), atomically. */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.${serial++}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
