// runCheck end to end on in-memory projects: cache behaviour, unreadable files, usage errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkCommand as runCheck, graphCommand as runGraph } from "../../src/cli/check-command.js";
import { memHost } from "./helpers.js";
import { fsHost } from "./helpers.js";
import { fileURLToPath } from "node:url";
import { encodeResult, decodeResult, contentHash } from "../../src/check/extract/cache.js";
import { captureImportLines } from "../../src/check/extract/import-lines.js";
import { extractImports } from "../../src/check/extract/imports.js";

const project = (extra: Record<string, string | null> = {}) => ({
  "/p/tach.toml": '[[modules]]\npath = "a"\ndepends_on = []\n\n[[modules]]\npath = "b"\n',
  "/p/a.py": "import b\n",
  "/p/b.py": "x = 1\n",
  "/p/c.py": "import a\n",
  ...extra,
});

test("a warm run re-parses nothing; a changed file is re-parsed; results are identical", async () => {
  const h = memHost(project());
  assert.equal(await runCheck([], h), 1);
  const cold = h.out;
  const entries = () => {
    const pack = h.files.get("/p/.quarry-cache/imports/imports-full.json");
    return pack ? Object.keys((JSON.parse(new TextDecoder().decode(pack!)) as { entries: object }).entries) : [];
  };
  assert.equal(entries().length, 2); // c.py is in <root>, which is not checked
  h.out = "";
  assert.equal(await runCheck([], h), 1);
  assert.equal(h.out, cold);
  assert.equal(entries().length, 2);
  h.files.set("/p/a.py", new TextEncoder().encode("import os\n"));
  h.out = "";
  assert.equal(await runCheck([], h), 0);
  assert.equal(entries().length, 2); // the old a.py entry is no longer used, so it is dropped
});

test("a corrupt cache entry is rebuilt", async () => {
  const h = memHost(project());
  await runCheck([], h);
  const first = h.out;
  // Every JSON cache file (the folder's `.gitignore` is plain text, not a cache file).
  const isCacheJson = (k: string) => k.startsWith("/p/.quarry-cache/") && k.endsWith(".json");
  for (const k of h.files.keys()) if (isCacheJson(k)) h.files.set(k, new TextEncoder().encode("{not json"));
  h.out = "";
  assert.equal(await runCheck([], h), 1);
  assert.equal(h.out, first);
  for (const [k, v] of h.files) if (isCacheJson(k)) assert.doesNotThrow(() => JSON.parse(new TextDecoder().decode(v!)));
});

test("an unreadable file is reported and the rest is still checked", async () => {
  const h = memHost(
    project({
      "/p/a2.py": null,
      "/p/tach.toml": '[[modules]]\npath = "a"\ndepends_on = []\n\n[[modules]]\npath = "a2"\ndepends_on = []\n\n[[modules]]\npath = "b"\n',
    }),
  );
  assert.equal(await runCheck(["--no-cache"], h), 1);
  assert.match(h.out, /\[WARN\] Warning: Skipped 'a2\.py' due to an I\/O error\./);
  assert.match(h.out, /\[FAIL\] a\.py:1: Cannot use 'b'\. Module 'a' cannot depend on 'b'\./);
});

test("usage errors exit 2; --help exits 0", async () => {
  const h = memHost(project());
  assert.equal(await runCheck(["--output", "xml"], h), 2);
  assert.match(h.err, /invalid choice: 'xml'/);
  assert.equal(await runCheck(["--bogus"], h), 2);
  assert.equal(await runCheck(["--help"], h), 0);
  assert.match(h.out, /usage: quarry check/);
  assert.equal(await runCheck(["nowhere"], h), 2);
});

test("graph: DOT, Mermaid and JSON with violations marked", async () => {
  const h = memHost(project());
  assert.equal(await runGraph(["--format", "json"], h), 0);
  const g = JSON.parse(h.out) as { nodes: string[]; edges: { from: string; to: string; violation: boolean }[] };
  assert.deepEqual(g.nodes, ["a", "b"]);
  assert.deepEqual(
    g.edges.map((e) => [e.from, e.to, e.violation]),
    [["a", "b", true]],
  );
  h.out = "";
  await runGraph([], h);
  assert.match(h.out, /"a" -> "b" \[color="red"/);
  h.out = "";
  await runGraph(["--mermaid", "--files"], h);
  assert.match(h.out, /-- violation -->/);
});

test("examples/shop reports its deliberate violations", async () => {
  const dir = fileURLToPath(new URL("../../../examples/shop/", import.meta.url))
    .replace(/\\/g, "/")
    .replace(/\/$/, "");
  const h = fsHost(dir);
  assert.equal(await runCheck(["--no-cache"], h), 1);
  assert.match(
    h.out,
    /src\/shop\/db\/models\.py:4: Cannot use 'shop\.orders\.api\.place_order'\. Layer 'data' \('shop\.db'\) is lower than layer 'domain'/,
  );
  assert.match(h.out, /The path 'shop\.orders\.pricing\._discount_table' is not part of the public interface for 'shop\.orders'/);
  assert.match(h.out, /Module 'shop\.orders' cannot depend on 'shop\.catalog'/);
  assert.match(h.out, /\[WARN\] src\/shop\/web\/views\.py:4: Ignore directive is unused\./);
  assert.match(h.out, /Web, domain and data are layered BROKEN/);
  assert.match(h.out, /The utility package imports nothing from the application KEPT/);
});

test("worker-thread extraction gives the same report as the main thread", async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { createNodeHost } = await import("../../src/cli/check-host.js");
  const dir = mkdtempSync(tmpdir() + "/quarry-workers-").replace(/\\/g, "/");
  try {
    writeFileSync(`${dir}/tach.toml`, '[[modules]]\npath = "a"\ndepends_on = []\n\n[[modules]]\npath = "b"\n');
    mkdirSync(`${dir}/a`);
    mkdirSync(`${dir}/b`);
    writeFileSync(`${dir}/a/__init__.py`, "");
    writeFileSync(`${dir}/b/__init__.py`, "");
    for (let i = 0; i < 240; i++) writeFileSync(`${dir}/a/m${i}.py`, `from b import x${i}\nimport a.m${(i + 1) % 240}\n`);
    const run = async (workers: string) => {
      process.env.QUARRY_WORKERS = workers;
      const h = createNodeHost();
      // The report goes to stdout.
      let err = "";
      h.stdout = (t) => void (err += t);
      h.stderr = () => {};
      h.cwd = () => dir;
      const code = await runCheck(["--no-cache"], h);
      return { code, err, batched: h.extractBatch !== undefined };
    };
    const seq = await run("0");
    const par = await run("2");
    assert.equal(seq.batched, false);
    assert.equal(par.batched, true);
    assert.equal(par.code, 1);
    assert.equal(par.err, seq.err);
    assert.equal(par.err.split("\n").filter((l) => l.startsWith("[FAIL]")).length, 240);
  } finally {
    delete process.env.QUARRY_WORKERS;
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the default (cached) path hands every file to the workers, and the progress bar counts them", async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { createNodeHost } = await import("../../src/cli/check-host.js");
  const dir = mkdtempSync(tmpdir() + "/quarry-workers-cached-").replace(/\\/g, "/");
  try {
    writeFileSync(`${dir}/tach.toml`, '[[modules]]\npath = "a"\ndepends_on = []\n');
    mkdirSync(`${dir}/a`);
    writeFileSync(`${dir}/a/__init__.py`, "");
    for (let i = 0; i < 240; i++) writeFileSync(`${dir}/a/m${i}.py`, `import a.m${(i + 1) % 240}\n`);
    process.env.QUARRY_WORKERS = "2";
    const h = createNodeHost();
    let batched = 0;
    const batch = h.extractBatch!;
    h.extractBatch = (jobs) => {
      batched += jobs.length;
      return batch.call(h, jobs);
    };
    let err = "";
    h.stdout = () => {};
    h.stderr = (t) => void (err += t);
    h.isTTY = () => true;
    h.cwd = () => dir;
    assert.equal(await runCheck([], h), 0); // the cache is on: keys are computed before extraction
    assert.equal(batched, 241);
    assert.match(err, /\[\.+\] 0\/241 files/);
  } finally {
    delete process.env.QUARRY_WORKERS;
    rmSync(dir, { recursive: true, force: true });
  }
});

test("cache encoding round-trips extraction results and their import lines", () => {
  const src =
    "import a.b as c, d\nfrom ..x import (y, z as w)  # tach-ignore(r) y\nif TYPE_CHECKING:\n    from t import T\nelse:\n    import e\ns = 'p.q.r'\nfk = ForeignKey('app.M')\nx = (\n";
  for (const mode of ["fast", "full"] as const) {
    const bytes = new TextEncoder().encode(src);
    const r = extractImports(bytes, "t.py", { strings: true, django: true, mode });
    const e = { data: r, lines: captureImportLines(r, bytes) };
    assert.deepEqual(Object.keys(e.lines), ["0", "1", "3", "5"]);
    const back = decodeResult(JSON.parse(JSON.stringify(encodeResult(e))));
    assert.deepEqual(back, e);
    assert.deepEqual(Object.keys(back.lines!), ["0", "1", "3", "5"]);
    // A Tach-only run captures no lines: that too is kept apart from "no import lines".
    assert.deepEqual(decodeResult(JSON.parse(JSON.stringify(encodeResult({ data: r, lines: null })))), { data: r, lines: null });
  }
});

test("content hash: every single-byte edit and length change gives a new key", () => {
  const base = new TextEncoder().encode("import os\nfrom a.b import c  # comment\nx = 1\n");
  const seen = new Set([contentHash(base, "v")]);
  for (let i = 0; i < base.length; i++) {
    const copy = base.slice();
    copy[i] = copy[i]! ^ 1;
    seen.add(contentHash(copy, "v"));
    seen.add(contentHash(base.subarray(0, i), "v"));
  }
  assert.equal(seen.size, 1 + 2 * base.length);
  // unaligned views hash the same as aligned copies
  const buf = new Uint8Array(base.length + 1);
  buf.set(base, 1);
  assert.equal(contentHash(buf.subarray(1), "v"), contentHash(base, "v"));
  assert.notEqual(contentHash(base, "v"), contentHash(base, "w"));
});

test("--watch re-checks after a change (debounced)", async () => {
  const h = memHost(project());
  let onChange: ((p: string) => void) | null = null;
  h.watch = (_dir, cb) => void (onChange = cb);
  void runCheck(["--watch", "--no-cache"], h); // never resolves: it watches until the process stops
  // The first run's output, however long a loaded machine takes to load the checker.
  for (let waited = 0; !h.err.includes("watching") && waited < 10_000; waited += 5) await new Promise((r) => setTimeout(r, 5));
  assert.match(h.out, /Cannot use 'b'/);
  assert.match(h.out, /^──── quarry check: run 1 at \d\d:\d\d:\d\d ────\n/);
  assert.match(h.err, /\[quarry\] exit 1; watching for changes/);
  h.err = "";
  h.files.set("/p/a.py", new TextEncoder().encode("import os\n"));
  onChange!("a.py");
  onChange!(".quarry-cache/imports/x.json"); // cache writes never trigger a run
  await new Promise((r) => setTimeout(r, 200));
  assert.match(h.out, /All modules validated!/);
  assert.match(h.out, /──── quarry check: run 2 at \d\d:\d\d:\d\d ────\n/);
  assert.match(h.err, /exit 0; watching/);
  assert.equal(h.err.match(/watching for changes/g)!.length, 1);
  const before = h.err;
  onChange!(".quarry-cache/imports/y.json");
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(h.err, before);
});

test("primitive data types: parameters, returns, variables, classes", async () => {
  const { topLevelIsPrimitive } = await import("../../src/check/rules/tach.js");
  const { parse } = await import("../../src/parser/parse.js");
  const src = new TextEncoder().encode(
    "def ok(a: int, /, b: str = 'x', *args, c: bool, **kw) -> dict: pass\n" +
      "def no_ret(a: int): pass\n" +
      "def bad_param(a: 'int') -> int: pass\n" +
      "async def aok() -> list: pass\n" +
      "v: float = 1.0\nw = 2\nu: set = set()\n" +
      "class K: pass\n",
  );
  const got = ["ok", "no_ret", "bad_param", "aok", "v", "w", "u", "K", "unknown"].map((n) => `${n}=${topLevelIsPrimitive(src, n, parse)}`);
  assert.deepEqual(got, [
    "ok=true",
    "no_ret=false",
    "bad_param=false",
    "aok=true",
    "v=true",
    "w=false",
    "u=false",
    "K=true",
    "unknown=true",
  ]);
});

test("PATH may be absolute or relative", async () => {
  const h = memHost({ ...project(), "/elsewhere/x.txt": "" }, "/elsewhere");
  assert.equal(await runCheck(["/p", "--no-cache"], h), 1);
  assert.equal(await runCheck(["../p", "--no-cache"], h), 1);
});

test("the result cache replays unchanged runs and notices changes outside the walked tree", async () => {
  const files = {
    "/p/tach.toml": '[[modules]]\npath = "a"\ndepends_on = []\n\n[[modules]]\npath = "gen"\n',
    "/p/.gitignore": "gen/\n",
    "/p/a.py": "import gen.x\n",
    "/p/gen/__init__.py": "",
    "/p/gen/x.py": "",
  };
  const h = memHost(files);
  assert.equal(await runCheck([], h), 1);
  const first = h.out;
  assert.ok(h.files.has("/p/.quarry-cache/imports/result-tach.json"));
  // Replayed: identical output even though the extraction pack is gone.
  h.files.delete("/p/.quarry-cache/imports/imports-full.json");
  h.out = "";
  assert.equal(await runCheck([], h), 1);
  assert.equal(h.out, first);
  assert.equal(h.files.has("/p/.quarry-cache/imports/imports-full.json"), false);
  // gen/ is git-ignored, so it is not walked; removing gen/x.py must still invalidate the result.
  h.files.delete("/p/gen/x.py");
  h.files.delete("/p/gen/__init__.py");
  h.out = "";
  assert.equal(await runCheck([], h), 0);
});

test("missing configuration: each tool's message, exit 1", async () => {
  const h = memHost({ "/p/x.py": "" });
  assert.equal(await runCheck([], h), 1);
  assert.equal(h.out, "Configuration file not found. Run 'tach init' to get started!\n");
  h.out = "";
  assert.equal(await runCheck(["--engine", "importlinter"], h), 1);
  assert.equal(h.out, "Could not read any configuration.\n");
  assert.equal(h.err, "");
});

test("Tach's JSON error objects are written as Python's json.dump writes them", async () => {
  const { pyJsonDumps } = await import("../../src/check/api.js");
  assert.equal(
    pyJsonDumps({ error: "Visibility error", visibility_errors: [["a", "b", ["c"]]], n: 1, é: "ü" }),
    '{"error": "Visibility error", "visibility_errors": [["a", "b", ["c"]]], "n": 1, "\\u00e9": "\\u00fc"}',
  );
  const h = memHost({ "/p/x.py": "" });
  // Without any configuration, --output json is the documented document with its `error` set.
  assert.equal(await runCheck(["--output", "json"], h), 1);
  const doc = JSON.parse(h.out) as Record<string, unknown>;
  assert.deepEqual(doc, {
    format: "quarry-check",
    version: 1,
    exit: 1,
    error: "Configuration file not found. Run 'tach init' to get started!",
    tach: null,
    importlinter: null,
  });
});

test("concurrent runs sharing one cache folder all succeed and leave a valid cache", async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync, readdirSync, readFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { spawn } = await import("node:child_process");
  const dir = mkdtempSync(tmpdir() + "/quarry-concurrent-").replace(/\\/g, "/");
  try {
    writeFileSync(`${dir}/tach.toml`, '[[modules]]\npath = "a"\ndepends_on = []\n\n[[modules]]\npath = "b"\n');
    mkdirSync(`${dir}/a`);
    writeFileSync(`${dir}/a/__init__.py`, "");
    writeFileSync(`${dir}/b.py`, "x = 1\n");
    for (let i = 0; i < 40; i++) writeFileSync(`${dir}/a/m${i}.py`, `from b import x\nimport a.m${(i + 1) % 40}\n`);
    const dist = new URL("../../src/", import.meta.url).href;
    writeFileSync(
      `${dir}/run.mjs`,
      `import { checkCommand as runCheck } from "${dist}cli/check-command.js";\nimport { createNodeHost } from "${dist}cli/check-host.js";\n` +
        `process.exitCode = await runCheck([${JSON.stringify(dir)}], createNodeHost());\n`,
    );
    const runOnce = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const p = spawn(process.execPath, [`${dir}/run.mjs`], { env: { ...process.env, QUARRY_WORKERS: "0" } });
        let out = "";
        p.stdout.on("data", (d: Buffer) => (out += d.toString()));
        p.on("close", (code) => resolve({ code, out }));
      });
    const results = await Promise.all([runOnce(), runOnce(), runOnce(), runOnce()]);
    for (const r of results) {
      assert.equal(r.code, 1);
      assert.match(r.out, /Cannot use 'b\.x'/);
      assert.equal(r.out, results[0]!.out);
    }
    const cacheDir = `${dir}/.quarry-cache/imports`;
    const names = readdirSync(cacheDir);
    assert.deepEqual(
      names.filter((n) => n.endsWith(".tmp")),
      [],
    );
    for (const n of names) assert.doesNotThrow(() => JSON.parse(readFileSync(`${cacheDir}/${n}`, "utf8")));
    const again = await runOnce();
    assert.equal(again.out, results[0]!.out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("file stamps: unchanged old files are not re-read; racy or changed ones are", async () => {
  const h = memHost(project());
  const stamps = new Map<string, { key: string; mtimeMs: number }>();
  const old = Date.now() - 60_000;
  for (const p of h.files.keys()) stamps.set(p, { key: `k1:${p}`, mtimeMs: old });
  h.stamp = (p) => stamps.get(p) ?? null;
  const reads: string[] = [];
  const readFile = h.readFile;
  h.readFile = (p) => {
    if (p.endsWith(".py")) reads.push(p);
    return readFile(p);
  };
  assert.equal(await runCheck([], h), 1);
  const cold = h.out;
  assert.ok(reads.length >= 2);
  // Warm: stamps unchanged and old -> no source file is read at all.
  reads.length = 0;
  h.out = "";
  assert.equal(await runCheck([], h), 1);
  assert.equal(h.out, cold);
  assert.deepEqual(reads, []);
  // A racy stamp (mtime after the previous run) is not trusted.
  stamps.set("/p/b.py", { key: "k1:/p/b.py", mtimeMs: Date.now() + 1000 });
  h.out = "";
  await runCheck([], h);
  assert.deepEqual(reads, ["/p/b.py"]);
  // A changed file gets a new stamp and a new result.
  h.files.set("/p/a.py", new TextEncoder().encode("import os\n"));
  stamps.set("/p/a.py", { key: "k2", mtimeMs: old });
  reads.length = 0;
  h.out = "";
  assert.equal(await runCheck([], h), 0);
  assert.ok((reads as string[]).includes("/p/a.py"));
});

test("output replay: an unchanged Tach project prints the stored output; any change or another format checks again", async () => {
  const h = memHost(
    project({
      "/p/tach.toml": '[[modules]]\npath = "a"\ndepends_on = []\n\n[[modules]]\npath = "b"\n\n[[modules]]\npath = "d"\n',
      "/p/a.py": "import b\nimport d.e\n",
    }),
  );
  const run = async (args: string[] = []) => {
    h.out = "";
    h.err = "";
    const code = await runCheck(args, h);
    return { code, out: h.out, err: h.err };
  };
  const replayFile = () => h.files.get("/p/.quarry-cache/imports/output-tach.json");
  const cold = await run();
  assert.equal(cold.code, 1);
  assert.notEqual(replayFile(), undefined);
  // A replay needs neither the result file nor the pack: remove them to prove it replays.
  h.files.delete("/p/.quarry-cache/imports/result-tach.json");
  h.files.delete("/p/.quarry-cache/imports/imports-full.json");
  assert.deepEqual(await run(), cold);
  assert.equal(h.files.get("/p/.quarry-cache/imports/result-tach.json"), undefined);
  // Another output format is computed, not replayed from the text output.
  const json = await run(["--output", "json"]);
  assert.equal(json.code, 1);
  assert.match(json.out, /"UndeclaredDependency"/);
  assert.equal(json.err, "");
  assert.deepEqual(await run(["--output", "json"]), json);
  assert.deepEqual(await run(), cold);
  // A new file where an import used to be unresolved (a directory listed only while resolving)
  // changes the answer: `d/e.py` now exists, so `import d.e` is a dependency on module d.
  h.files.set("/p/d/e.py", new TextEncoder().encode("x = 1\n"));
  const withD = await run();
  assert.match(withD.out, /Cannot use 'd\.e'/);
  assert.notEqual(withD.out, cold.out);
  // An edited file is seen too.
  h.files.set("/p/a.py", new TextEncoder().encode("import os\n"));
  const clean = await run();
  assert.equal(clean.code, 0);
  assert.match(clean.out, /✅ All modules validated!\n$/);
  assert.deepEqual(await run(), clean);
  // A corrupt replay file is ignored and rewritten.
  h.files.set("/p/.quarry-cache/imports/output-tach.json", new TextEncoder().encode("{broken"));
  assert.deepEqual(await run(), clean);
  assert.doesNotThrow(() => JSON.parse(new TextDecoder().decode(replayFile()!)));
});
