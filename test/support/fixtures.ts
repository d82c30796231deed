// Lists the grammar fixtures under test/parser/fixtures/{ok,err}/ (source files, not the build).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./corpus.js";

export interface Fixture {
  /** Path relative to the fixtures folder, e.g. "err/colon/if.py". */
  readonly rel: string;
  readonly bytes: Uint8Array;
}

export function fixturesDir(): string {
  return join(repoRoot(), "test", "parser", "fixtures");
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return name.endsWith(".py") ? [p] : [];
  });
}

/** Every fixture of one kind, sorted by path. Bytes are read raw (BOMs, CRLF and cookies kept). */
export function listFixtures(kind: "ok" | "err"): Fixture[] {
  const root = fixturesDir();
  return walk(join(root, kind))
    .sort()
    .map((p) => ({ rel: p.slice(root.length + 1), bytes: new Uint8Array(readFileSync(p)) }));
}

/** True when snapshots should be rewritten instead of compared (`UPDATE=1 npm test`). */
export function updating(): boolean {
  return process.env.UPDATE === "1";
}
