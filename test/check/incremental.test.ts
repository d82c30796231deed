// The incremental checker (src/check/incremental/): after every step of a scripted sequence of
// edits, renames, deletions, additions and configuration changes on the check fixtures, its result
// equals a cold checkProject run on the same files; an edit reads only the edited file.
// biome-ignore-all lint/complexity/noCommaOperator: each scripted step writes its files and returns its changes in one arrow
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkProject, ImportGraph } from "../../src/check/index.js";
import type { CheckArgs } from "../../src/check/api.js";
import { createChecker, type FileChange } from "../../src/check/incremental/checker.js";
import { parseOptions } from "../../src/cli/check-command.js";
import { CHECK_OPTIONS } from "../../src/check/options.js";
import { memHost } from "./helpers.js";
import { parseBundle, BUNDLE_ROOT } from "./fixture-bundle.js";

const fixtures = fileURLToPath(new URL("../../../test/check/fixtures/", import.meta.url)).replace(/\\/g, "/");
const enc = new TextEncoder();
const dec = new TextDecoder();

/** Fixture projects as in-memory files under BUNDLE_ROOT, with their check options. */
function loadFixture(name: string): { files: Record<string, string>; options: Partial<CheckArgs> } | null {
  const path = fixtures + name;
  const files: Record<string, string> = {};
  let argsLine = "";
  if (name.endsWith(".fixture")) {
    const b = parseBundle(readFileSync(path, "utf8"));
    for (const [p, text] of b.files) files[`${BUNDLE_ROOT}/${p}`] = text;
    argsLine = b.args;
  } else {
    const walk = (dir: string, rel: string) => {
      for (const e of readdirSync(dir)) {
        const abs = `${dir}/${e}`;
        const r = rel === "" ? e : `${rel}/${e}`;
        if (statSync(abs).isDirectory()) walk(abs, r);
        else if (r === "args") argsLine = readFileSync(abs, "utf8").trim();
        else if (r !== "expected.snap") files[`${BUNDLE_ROOT}/${r}`] = readFileSync(abs, "utf8");
      }
    };
    walk(path, "");
  }
  const argv = argsLine === "" ? [] : argsLine.split(/\s+/);
  if (argv[0] === "graph") return null;
  let v: ReturnType<typeof parseOptions>;
  try {
    v = parseOptions(CHECK_OPTIONS, argv);
  } catch {
    return null; // usage-error fixtures check no project
  }
  if (v.path !== null || v.values.out !== undefined || v.values.watch === true) return null;
  const list = (x: unknown) => (Array.isArray(x) ? (x as string[]) : []);
  const options: Partial<CheckArgs> = {
    exact: v.values.exact === true,
    dependencies: v.values.dependencies === true,
    interfaces: v.values.interfaces === true,
    exclude: list(v.values.exclude).flatMap((x) =>
      x
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    engine: (v.values.engine as CheckArgs["engine"] | undefined) ?? "auto",
    contracts: list(v.values.contract),
    fast: v.values.fast === true,
    cache: false,
  };
  return { files, options };
}

/** A result as text, every map and set in its order, the graph without its memo. */
function snapshot(r: unknown): string {
  return JSON.stringify(r, (_k, v: unknown) => {
    if (v instanceof ImportGraph)
      return {
        modules: [...v.modules],
        external: [...v.external],
        out: [...v.out].map(([a, m]) => [a, [...m]]),
        files: [...v.files],
        fileCount: v.fileCount,
      };
    if (v instanceof Map) return { map: [...v] };
    if (v instanceof Set) return { set: [...v] };
    return v;
  });
}

type Step = { what: string; apply: (files: Map<string, Uint8Array | null>) => FileChange[] };

/** The scripted sequence for one project: edits, a syntax error and its fix, directives, a rename, a deletion, additions, configuration changes. */
function script(initial: string[]): Step[] {
  const py = initial.filter((p) => p.endsWith(".py")).sort();
  const modulesOf = (p: string) => {
    // Every dotted name the file could be imported as, whatever the source root.
    const parts = p.slice(BUNDLE_ROOT.length + 1, -3).split("/");
    if (parts[parts.length - 1] === "__init__") parts.pop();
    return parts.map((_, i) => parts.slice(i).join(".")).filter((m) => m !== "");
  };
  const importsOf = (paths: string[]) =>
    paths
      .flatMap(modulesOf)
      .map((m) => `import ${m}\nfrom ${m} import thing\n`)
      .join("");
  const text = (files: Map<string, Uint8Array | null>, p: string) => dec.decode(files.get(p) ?? new Uint8Array());
  const set = (files: Map<string, Uint8Array | null>, p: string, t: string) => files.set(p, enc.encode(t));
  const pick = (i: number) => py[i % py.length]!;
  const steps: Step[] = [];
  if (py.length === 0) return steps;
  const a = pick(0);
  const b = pick(1);
  const c = pick(2);
  const d = pick(3);
  let saved = "";
  steps.push({
    what: `edit ${a}: imports of every module, lines shifted`,
    apply: (f) => (set(f, a, "import os\n\n" + text(f, a) + importsOf(py)), [{ path: a, kind: "changed" }]),
  });
  steps.push({ what: `edit ${a}: a body change only`, apply: (f) => (set(f, a, text(f, a) + "x = 1\n"), [{ path: a, kind: "changed" }]) });
  steps.push({
    what: `syntax error in ${b}`,
    apply: (f) => ((saved = text(f, b)), set(f, b, "def (:\n" + saved), [{ path: b, kind: "changed" }]),
  });
  steps.push({ what: `fix ${b}`, apply: (f) => (set(f, b, saved), [{ path: b, kind: "changed" }]) });
  steps.push({
    what: `directives in ${c}`,
    apply: (f) => (
      set(
        f,
        c,
        text(f, c) +
          importsOf([a, b])
            .split("\n")
            .map((l) => (l === "" ? l : `${l}  # tach-ignore`))
            .join("\n") +
          "# tach-ignore\nimport nowhere\n",
      ),
      [{ path: c, kind: "changed" }]
    ),
  });
  steps.push({
    what: `edit ${a} and ${d} at once, imports removed`,
    apply: (f) => (
      set(f, a, "pass\n"),
      set(f, d, text(f, d) + importsOf([c])),
      [
        { path: a, kind: "changed" },
        { path: d, kind: "changed" },
      ]
    ),
  });
  steps.push({
    what: "edit a file nothing checks",
    apply: (f) => (set(f, `${BUNDLE_ROOT}/README.md`, "# readme\n"), [{ path: "README.md", kind: "added" }]),
  });
  const renamed = b.replace(/\.py$/, "_moved.py");
  steps.push({
    what: `rename ${b}`,
    apply: (f) => {
      f.set(renamed, f.get(b)!);
      f.delete(b);
      return [{ path: renamed, kind: "renamed", oldPath: b }];
    },
  });
  steps.push({
    what: `edit the renamed file`,
    apply: (f) => (set(f, renamed, importsOf(py.slice(0, 3))), [{ path: renamed, kind: "changed" }]),
  });
  steps.push({ what: `delete ${c}`, apply: (f) => (f.delete(c), [{ path: c, kind: "deleted" }]) });
  const dir = a.slice(0, a.lastIndexOf("/"));
  steps.push({
    what: `add a module next to ${a}`,
    apply: (f) => (set(f, `${dir}/added_mod.py`, importsOf(py)), [{ path: `${dir}/added_mod.py`, kind: "added" }]),
  });
  steps.push({
    what: "add a package",
    apply: (f) => (
      set(f, `${dir}/newpkg/__init__.py`, importsOf([a])),
      set(f, `${dir}/newpkg/inner.py`, "from . import x\n"),
      [{ path: `${dir}/newpkg`, kind: "added" }]
    ),
  });
  const configs = initial.filter((p) => /\/(tach\.toml|\.importlinter|pyproject\.toml|setup\.cfg|tach\.domain\.toml)$/.test(p));
  for (const cfg of configs) {
    steps.push({
      what: `configuration change in ${cfg}`,
      apply: (f) => {
        const t = text(f, cfg);
        // tach.toml: exact on (a top-level key goes before the tables); others: a comment more.
        set(f, cfg, cfg.endsWith("/tach.toml") && !t.includes("exact") ? "exact = true\n" + t : t + "\n# touched\n");
        return [{ path: cfg, kind: "changed" }];
      },
    });
  }
  steps.push({
    what: `edit ${d} after the configuration change`,
    apply: (f) => (set(f, d, importsOf(py.slice(-3))), [{ path: d, kind: "changed" }]),
  });
  steps.push({
    what: `delete the added package`,
    apply: (f) => (f.delete(`${dir}/newpkg/__init__.py`), f.delete(`${dir}/newpkg/inner.py`), [{ path: `${dir}/newpkg`, kind: "deleted" }]),
  });
  return steps;
}

const modes = new Set<string>();

async function replay(name: string): Promise<number> {
  const fx = loadFixture(name);
  if (fx === null) return 0;
  const host = memHost(fx.files, BUNDLE_ROOT);
  const checker = createChecker(host, fx.options);
  const first = await checker.check();
  assert.equal(snapshot(first), snapshot(await checkProject(host, fx.options)), `${name}: first check`);
  let n = 0;
  for (const step of script(Object.keys(fx.files))) {
    const changes = step.apply(host.files);
    const got = await checker.update(changes);
    const cold = await checkProject(host, fx.options);
    assert.equal(snapshot(got), snapshot(cold), `${name}: after "${step.what}" (${checker.stats.mode})`);
    modes.add(checker.stats.mode);
    n++;
  }
  return n;
}

// Every folder fixture and every third bundle (all of them pass; a third keeps the test short).
const names = readdirSync(fixtures)
  .sort()
  .filter((n, i) => !n.endsWith(".fixture") || i % 3 === 0);

test("incremental results equal cold runs at every step, on the check fixtures", async () => {
  let steps = 0;
  let projects = 0;
  for (const name of names) {
    const n = await replay(name);
    if (n > 0) projects++;
    steps += n;
  }
  assert.ok(projects > 100, `${projects} projects`);
  assert.ok(steps > 1500, `${steps} steps`);
  assert.deepEqual([...modes].sort(), ["files", "full", "none"]);
});

// A project for the read-counting tests: Tach modules with layers and interfaces, and an
// import-linter configuration over the same package.
function bigProject(): Record<string, string> {
  const files: Record<string, string> = {
    "/p/tach.toml":
      'source_roots = ["."]\nlayers = ["top", "low"]\n\n[[modules]]\npath = "pkg.a"\nlayer = "top"\ndepends_on = ["pkg.b"]\n\n[[modules]]\npath = "pkg.b"\nlayer = "low"\ndepends_on = []\n\n[[interfaces]]\nexpose = ["api"]\nfrom = ["pkg.b"]\n',
    "/p/.importlinter":
      "[importlinter]\nroot_package = pkg\n\n[importlinter:contract:l]\nname = layers\ntype = layers\nlayers =\n    pkg.a\n    pkg.b\n",
    "/p/pkg/__init__.py": "",
    "/p/pkg/a/__init__.py": "",
    "/p/pkg/b/__init__.py": "",
  };
  for (let i = 0; i < 20; i++) {
    files[`/p/pkg/a/m${i}.py`] = `from pkg.b import api\nfrom pkg.b.m${i} import f\nimport os\n`;
    files[`/p/pkg/b/m${i}.py`] = i % 5 === 0 ? `from pkg.a.m${i} import g\n` : "def f(): pass\n";
  }
  return files;
}

test("an edit reads only the edited file, once, and runs only its rules", async () => {
  const host = memHost(bigProject());
  const reads: string[] = [];
  const readFile = host.readFile;
  host.readFile = (p) => (reads.push(p), readFile(p));
  const checker = createChecker(host, { cache: false });
  await checker.check();
  assert.ok(reads.length > 40);
  for (const body of [
    "from pkg.b import api\nfrom pkg.a.m3 import f\n",
    "from pkg.b import api\nfrom pkg.a.m3 import f\n\nx = 2\n",
    "import os\n",
  ]) {
    reads.length = 0;
    host.files.set("/p/pkg/b/m7.py", enc.encode(body));
    const got = await checker.update([{ path: "/p/pkg/b/m7.py", kind: "changed" }]);
    assert.deepEqual(reads, ["/p/pkg/b/m7.py"]);
    assert.deepEqual(
      { mode: checker.stats.mode, extracted: checker.stats.extracted, tachFiles: checker.stats.tachFiles },
      { mode: "files", extracted: 1, tachFiles: 1 },
    );
    reads.length = 0;
    assert.equal(snapshot(got), snapshot(await checkProject(host, { cache: false })));
  }
  // The contracts run again only when the imports (or their lines) changed.
  reads.length = 0;
  host.files.set("/p/pkg/b/m7.py", enc.encode("import os\n\n\ndef g(): pass\n"));
  await checker.update([{ path: "/p/pkg/b/m7.py", kind: "changed" }]);
  assert.equal(checker.stats.contracts, false);
  host.files.set("/p/pkg/b/m7.py", enc.encode("from pkg.a import m1\n"));
  await checker.update([{ path: "/p/pkg/b/m7.py", kind: "changed" }]);
  assert.equal(checker.stats.contracts, true);
  assert.deepEqual(reads, ["/p/pkg/b/m7.py", "/p/pkg/b/m7.py"]);
});

test("an added file is the only file extracted; a configuration change checks fully", async () => {
  const host = memHost(bigProject());
  const reads: string[] = [];
  const readFile = host.readFile;
  host.readFile = (p) => (reads.push(p), readFile(p));
  const checker = createChecker(host, { cache: false });
  await checker.check();
  reads.length = 0;
  host.files.set("/p/pkg/a/new.py", enc.encode("from pkg.b.m1 import f\n"));
  let got = await checker.update([{ path: "pkg/a/new.py", kind: "added" }]);
  assert.equal(checker.stats.mode, "full");
  assert.equal(checker.stats.extracted, 1);
  // The rules read the files of unchecked modules (here the root's) for directives, as a cold run does.
  assert.deepEqual(
    reads.filter((p) => /^\/p\/pkg\/[ab]\//.test(p)),
    ["/p/pkg/a/new.py"],
  );
  assert.equal(snapshot(got), snapshot(await checkProject(host, { cache: false })));
  host.files.set(
    "/p/tach.toml",
    enc.encode(dec.decode(host.files.get("/p/tach.toml")!).replace('depends_on = ["pkg.b"]', "depends_on = []")),
  );
  got = await checker.update([{ path: "tach.toml", kind: "changed" }]);
  assert.equal(checker.stats.mode, "full");
  assert.equal(snapshot(got), snapshot(await checkProject(host, { cache: false })));
  // Caches and hidden folders are never looked at.
  got = await checker.update([
    { path: ".quarry-cache/imports/x.json", kind: "added" },
    { path: ".git/index", kind: "changed" },
  ]);
  assert.equal(checker.stats.mode, "none");
});

test("results are snapshots: an update leaves earlier results as they were", async () => {
  const host = memHost(bigProject());
  const checker = createChecker(host, { cache: false });
  const before = await checker.check();
  const text = snapshot(before);
  host.files.set("/p/pkg/b/m2.py", enc.encode("from pkg.a.m2 import g\n"));
  const after = await checker.update([{ path: "/p/pkg/b/m2.py", kind: "changed" }]);
  assert.notEqual(snapshot(after), text);
  assert.equal(snapshot(before), text);
});

test("with the cache on, the incremental checker agrees with checkProject", async () => {
  const host = memHost(bigProject());
  const checker = createChecker(host);
  assert.equal(snapshot(await checker.check()), snapshot(await checkProject(host, { cache: false })));
  host.files.set("/p/pkg/a/m4.py", enc.encode("import pkg.b.m9\n"));
  assert.equal(
    snapshot(await checker.update([{ path: "/p/pkg/a/m4.py", kind: "changed" }])),
    snapshot(await checkProject(host, { cache: false })),
  );
  // A second checker starts from the cache the first one wrote.
  const again = createChecker(host);
  assert.equal(snapshot(await again.check()), snapshot(await checkProject(host)));
});

test("--watch: each run after edits, additions, deletions and a rename prints what a fresh quarry check prints", async () => {
  const { runCheck } = await import("../../src/check/api.js");
  const h = memHost(bigProject());
  let onChange: ((p: string) => void) | null = null;
  h.watch = (_dir, cb) => void (onChange = cb);
  void runCheck({ path: "/p", watch: true, cache: false }, h); // never settles
  let runs = 0;
  const nextRun = async () => {
    runs++;
    for (let waited = 0; (h.err.match(/watching for changes/g) ?? []).length < runs && waited < 10_000; waited += 5)
      await new Promise((r) => setTimeout(r, 5));
    const last = h.out.slice(h.out.lastIndexOf("────\n") + 5);
    const fresh = memHost({});
    for (const [p, d] of h.files) fresh.files.set(p, d);
    const code = await runCheck({ path: "/p", cache: false }, fresh);
    assert.equal(last, fresh.out);
    assert.match(h.err, new RegExp(`exit ${code}; watching for changes \\(Ctrl-C to stop\\)\\n$`));
  };
  await nextRun();
  const steps: (() => string[])[] = [
    () => (h.files.set("/p/pkg/b/m3.py", enc.encode("from pkg.a.m3 import g\n")), ["pkg/b/m3.py"]),
    () => (h.files.delete("/p/pkg/a/m1.py"), ["pkg/a/m1.py"]),
    () => (h.files.set("/p/pkg/b/extra.py", enc.encode("import pkg.a.m2\n")), ["pkg/b/extra.py", "pkg/b/extra.py"]),
    () => (
      h.files.set("/p/pkg/a/moved.py", h.files.get("/p/pkg/a/m2.py")!), h.files.delete("/p/pkg/a/m2.py"), ["pkg/a/m2.py", "pkg/a/moved.py"]
    ),
    () => (
      h.files.set("/p/tach.toml", enc.encode(dec.decode(h.files.get("/p/tach.toml")!) + '\n[[modules]]\npath = "pkg"\n')), ["tach.toml"]
    ),
  ];
  for (const step of steps) {
    for (const p of step()) onChange!(p);
    await nextRun();
  }
});

test("updates asked for at once run one after the other", async () => {
  const host = memHost(bigProject());
  const checker = createChecker(host, { cache: false });
  const first = checker.check();
  host.files.set("/p/pkg/b/m4.py", enc.encode("from pkg.a.m4 import g\n"));
  const second = checker.update([{ path: "/p/pkg/b/m4.py", kind: "changed" }]);
  host.files.delete("/p/pkg/a/m5.py");
  const third = checker.update([{ path: "/p/pkg/a/m5.py", kind: "deleted" }]);
  await Promise.all([first, second]);
  assert.equal(snapshot(await third), snapshot(await checkProject(host, { cache: false })));
});

test("the checker leaves the cache's file stamps to the next quarry check", async () => {
  const host = memHost(bigProject());
  host.stamp = (p) => (host.files.has(p) ? { key: `k${host.files.get(p)?.length}`, mtimeMs: 0 } : null);
  const { runCheck } = await import("../../src/check/api.js");
  await runCheck({ path: "/p" }, host);
  const stamps = host.files.get("/p/.quarry-cache/imports/stamps.json");
  assert.ok(stamps !== undefined && stamps !== null);
  const checker = createChecker(host, { path: "/p" });
  await checker.check();
  host.files.set("/p/pkg/a/m9.py", enc.encode("import os\n"));
  await checker.update([{ path: "/p/pkg/a/m9.py", kind: "changed" }]);
  assert.equal(host.files.get("/p/.quarry-cache/imports/stamps.json"), stamps);
});

test("a full re-check after an addition leaves the extraction cache whole", async () => {
  const host = memHost(bigProject());
  const checker = createChecker(host, { path: "/p" });
  await checker.check();
  const pack = host.files.get("/p/.quarry-cache/imports/imports-full.json");
  assert.ok(pack !== undefined && pack !== null);
  host.files.set("/p/pkg/a/new.py", enc.encode("import os\n"));
  await checker.update([{ path: "/p/pkg/a/new.py", kind: "added" }]);
  assert.equal(checker.stats.mode, "full");
  assert.equal(host.files.get("/p/.quarry-cache/imports/imports-full.json"), pack);
});
