// Child process for the CLI tests (started by runCli in helpers.ts): loads quarry's CLI once, as
// bin/quarry.js does, then runs one invocation per message, each with its own arguments, working
// folder and standard input, and answers with main's exit code and what it wrote to stdout/stderr.
import { createRequire, syncBuiltinESMExports } from "node:module";

// The CommonJS module object, which the bundle's require("node:fs") also returns (its calls look
// readFileSync up on it at each call), so standard input can be swapped per invocation; the ES
// module view (dist/src/cli/ when the bundle is stale) follows through syncBuiltinESMExports.
const fs = createRequire(import.meta.url)("node:fs") as typeof import("node:fs");

/** One invocation, as runCli sends it. */
export interface CliRequest {
  id: number;
  args: string[];
  input: Uint8Array;
  cwd: string;
}

/** The answer: main's exit code and the bytes it wrote. */
export interface CliReply {
  id: number;
  status: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
}

type Write = typeof process.stdout.write;

async function serve(send: (m: CliReply) => void): Promise<void> {
  // The same loader as bin/quarry.js (the bundle with its code cache), at run time: bin/ is
  // plain JavaScript outside the compiled tree.
  const loader = new URL("../../../bin/load-cli.js", import.meta.url).href;
  const { loadCli } = (await import(loader)) as { loadCli: () => Promise<(argv: string[]) => Promise<number>> };
  const main = await loadCli();
  const realRead = fs.readFileSync;
  const realOut = process.stdout.write;
  const realErr = process.stderr.write;
  const home = process.cwd();
  const queue: CliRequest[] = [];
  let busy = false;

  const capture = (into: Buffer[]): Write =>
    ((chunk: string | Uint8Array, encoding?: BufferEncoding | ((e?: Error) => void), cb?: (e?: Error) => void) => {
      into.push(typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8") : Buffer.from(chunk));
      const done = typeof encoding === "function" ? encoding : cb;
      if (done) queueMicrotask(() => done());
      return true;
    }) as Write;

  async function run(req: CliRequest): Promise<CliReply> {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    process.chdir(req.cwd);
    // Standard input is file descriptor 0, which the CLI reads whole with readFileSync(0).
    (fs as { readFileSync: unknown }).readFileSync = ((path: unknown, ...rest: unknown[]) =>
      path === 0 ? Buffer.from(req.input) : (realRead as (...a: unknown[]) => unknown)(path, ...rest)) as typeof fs.readFileSync;
    syncBuiltinESMExports();
    process.stdout.write = capture(out);
    process.stderr.write = capture(err);
    let status: number;
    try {
      status = await main(req.args);
    } catch (e) {
      // bin/quarry.js would die of the rejection: exit 1 with the stack on stderr.
      err.push(Buffer.from(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`));
      status = 1;
    } finally {
      process.stdout.write = realOut;
      process.stderr.write = realErr;
      (fs as { readFileSync: unknown }).readFileSync = realRead;
      syncBuiltinESMExports();
      process.chdir(home);
    }
    return { id: req.id, status, stdout: Buffer.concat(out), stderr: Buffer.concat(err) };
  }

  async function drain(): Promise<void> {
    if (busy) return;
    busy = true;
    while (queue.length > 0) send(await run(queue.shift()!));
    busy = false;
  }

  process.on("message", (m: CliRequest) => {
    queue.push(m);
    void drain();
  });
  process.on("disconnect", () => process.exit(0));
}

// Only as runCli's child (with an IPC channel): `node --test dist/test/` also loads this file.
if (process.send !== undefined) {
  const send = process.send.bind(process);
  await serve((m) => void send(m));
  send({ id: -1, status: 0, stdout: new Uint8Array(0), stderr: new Uint8Array(0) });
}
