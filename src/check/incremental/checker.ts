// The incremental checker: a full check that keeps its parts (each file's extraction and Tach
// result, the import graph), then re-checks after file changes by redoing only what they touch.
import { type Host, resolvePath, basename, relativePath } from "../host.js";
import {
  checkArgs,
  checkProjectWith,
  type CheckArgs,
  type CheckHooks,
  type CheckProjectResult,
  type LintRun,
  type TachProjectResult,
  type ImportLinterProjectResult,
} from "../api.js";
import { Extractor, loadExtractor } from "../extract/extractor.js";
import type { SourceFile } from "../project/project.js";
import type { CheckResult } from "../rules/tach.js";
import type { GraphSource } from "../rules/importlinter.js";
import { FileStore, StoreExtractor, optionsKey } from "./file-store.js";
import { checkTachFile, tachContext, TachParts } from "./tach-files.js";

/** How a file changed: its content, or its existence (a rename is a deletion plus an addition). */
export type FileChangeKind = "changed" | "added" | "deleted" | "renamed";

/** One change to the project's files. Paths are absolute, or relative to the checked folder. */
export interface FileChange {
  path: string;
  kind: FileChangeKind;
  /** For `renamed`: where the file was before. */
  oldPath?: string;
}

/** What the last check or update did (for tests, benchmarks and `--watch` logs). */
export interface CheckerStats {
  /**
   * "full": the whole check ran (the first check, `check()`, a configuration change, or files
   * added, deleted or renamed; files already extracted are not read again). "files": only the
   * changed files were read and extracted, and only their rules ran. "none": nothing the check
   * looks at changed.
   */
  mode: "full" | "files" | "none";
  /** Extractions run (a file checked with two sets of extraction options counts twice). */
  extracted: number;
  /** Files whose Tach rules ran. */
  tachFiles: number;
  /** Whether the import-linter contracts ran. */
  contracts: boolean;
}

/**
 * A checker that lives as long as its caller (`quarry check --watch`, an editor's language
 * server) and re-checks after edits without starting over. Every result equals what
 * `checkProject(host, options)` returns for the files as they are at that moment: same
 * diagnostics in the same order, same module graph, same contract results. A result is never
 * changed afterwards (an update returns a new one, sharing unchanged parts).
 */
export interface IncrementalChecker {
  /** Checks the whole project, reading every file again (forgets what earlier checks kept). */
  check(): Promise<CheckProjectResult>;
  /**
   * Re-checks after `changes` (the first call checks fully). A changed Python file is read and
   * extracted again, and only its own rules run again; the import-linter contracts run again
   * only when its imports (or their lines) changed, and Tach's `data_types = "primitive"`
   * interfaces make every file's rules run again (they read other files). A change to a
   * configuration file (tach.toml, tach.domain.toml, pyproject.toml, .importlinter, setup.cfg,
   * .gitignore, or setup.py and requirements.txt, which mark package roots), and an added,
   * deleted or renamed Python file or folder, run the whole check, reusing what is already
   * extracted. Other files are ignored. The changes must be complete: a file changed on disk
   * but not reported keeps its old extraction. Never rejects for bad input (as checkProject).
   */
  update(changes: readonly FileChange[]): Promise<CheckProjectResult>;
  /** The last result, or null before the first check. */
  readonly result: CheckProjectResult | null;
  /** What the last check or update did. */
  readonly stats: CheckerStats;
}

/**
 * Makes an incremental checker for the project `options.path` (as checkProject takes it). It
 * checks nothing until `check()` or `update()` is called.
 */
export function createChecker(host: Host, options: Partial<CheckArgs> = {}): IncrementalChecker {
  return new Checker(host, options);
}

// Files whose change can alter the configuration, the module tree or package roots.
const CONFIG_NAMES = new Set([
  "tach.toml",
  "tach.domain.toml",
  "pyproject.toml",
  ".importlinter",
  "setup.cfg",
  ".gitignore",
  "setup.py",
  "requirements.txt",
]);

interface TachState {
  files: SourceFile[];
  index: Map<string, number>;
  parts: TachParts;
  /** The module-tree warnings the run put before the rules' diagnostics. */
  warnings: TachProjectResult["diagnostics"];
  /** The options key Tach's files are extracted with, and those options (strings, django). */
  key: string;
  extract: [boolean, boolean];
  /** `data_types = "primitive"` interfaces read other files: every file's rules run again. */
  primitive: boolean;
  /** The diagnostics array the rules returned (runTach puts the warnings in front of it). */
  merged: CheckResult["diagnostics"] | null;
  mergedLength: number;
}

interface LintState {
  run: LintRun;
  byPath: Map<string, GraphSource>;
  key: string;
  /** Whether the run checked its contracts (it does not after a fatal problem or an invalid contract). */
  ranContracts: boolean;
}

class Checker implements IncrementalChecker {
  private readonly host: Host;
  private readonly args: CheckArgs;
  private readonly start: string;
  private readonly store = new FileStore();
  private tach: TachState | null = null;
  private lint: LintState | null = null;
  result: CheckProjectResult | null = null;
  stats: CheckerStats = { mode: "none", extracted: 0, tachFiles: 0, contracts: false };

  constructor(host: Host, options: Partial<CheckArgs>) {
    this.host = host;
    this.args = checkArgs({ ...options, watch: false });
    this.start = this.args.path === null ? host.cwd() : resolvePath(host.cwd(), this.args.path);
  }

  // Calls run one after another: an update waits for the check or update before it.
  private queue: Promise<unknown> = Promise.resolve();

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const next = this.queue.then(f, f).catch((e: unknown) => {
      // After an internal error the kept parts may be half updated: the next call checks fully.
      this.result = null;
      throw e;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  check(): Promise<CheckProjectResult> {
    return this.serial(() => {
      this.store.clear();
      return this.full();
    });
  }

  update(changes: readonly FileChange[]): Promise<CheckProjectResult> {
    const copy = changes.map((c) => ({ ...c }));
    return this.serial(() => this.apply(copy));
  }

  private async apply(changes: readonly FileChange[]): Promise<CheckProjectResult> {
    if (this.result === null) {
      this.store.clear();
      return this.full();
    }
    const edited = new Set<string>();
    let full = false;
    let primitiveAll = false;
    const touched = (p: string, kind: "changed" | "added" | "deleted") => {
      const abs = resolvePath(this.start, p);
      if (this.ignored(abs)) return;
      const name = basename(abs);
      if (CONFIG_NAMES.has(name)) {
        full = true;
        this.store.delete(abs);
        return;
      }
      const py = name.endsWith(".py");
      const pyi = name.endsWith(".pyi");
      if (kind === "changed") {
        if (py && this.known(abs)) edited.add(abs);
        else if (py && this.host.stat(abs) === "file") {
          // A Python file the last check did not know: added, or outside the checked files.
          full = true;
          this.store.delete(abs);
        } else if ((py || pyi) && this.tach?.primitive === true) primitiveAll = true;
        return;
      }
      // Added or deleted: Python files and folders change discovery and resolution. A name with
      // another extension is neither (a deleted folder can no longer be asked what it was).
      if (py || pyi || !/\.[^./]*$/.test(name) || this.host.stat(abs) === "dir" || this.knownUnder(abs)) {
        full = true;
        this.store.deleteUnder(abs);
      }
    };
    for (const c of changes) {
      if (c.kind === "renamed") {
        if (c.oldPath !== undefined) touched(c.oldPath, "deleted");
        touched(c.path, "added");
      } else touched(c.path, c.kind);
    }
    if (full) {
      for (const p of edited) this.store.delete(p);
      return this.full();
    }
    return this.files([...edited], primitiveAll);
  }

  // Paths no check looks at: hidden files and folders (except the hidden config files), caches.
  private ignored(abs: string): boolean {
    const rel = relativePath(this.start, abs);
    if (rel.startsWith("../")) return false; // a config file above the folder (tach.toml found upward)
    const parts = rel.split("/");
    for (let i = 0; i < parts.length; i++) {
      const seg = parts[i]!;
      if (seg === "__pycache__") return true;
      if (seg.startsWith(".") && seg !== "." && !(i === parts.length - 1 && CONFIG_NAMES.has(seg))) return true;
    }
    return false;
  }

  private knownUnder(dir: string): boolean {
    const prefix = dir + "/";
    for (const p of [...(this.tach?.index.keys() ?? []), ...(this.lint?.byPath.keys() ?? [])]) if (p.startsWith(prefix)) return true;
    return false;
  }

  private known(abs: string): boolean {
    return (this.tach?.index.has(abs) ?? false) || (this.lint?.byPath.has(abs) ?? false);
  }

  // The whole check through checkProject's own path, keeping the parts.
  private async full(): Promise<CheckProjectResult> {
    this.tach = null;
    this.lint = null;
    const extracted = this.store.added;
    // The cache on disk serves the first check. A later one extracts only the few files it does
    // not know: reading the cache's pack would cost more than that, and writing it back with only
    // those entries would drop every other file's.
    const fromDisk = this.store.size === 0;
    let tachFiles = 0;
    const hooks: CheckHooks = {
      extractor: (h, cache, options) => new StoreExtractor(h, fromDisk ? cache : null, options, this.store),
      tachRules: (project, config, tree, options, extract) => {
        const ctx = tachContext(project, config, tree, options, extract);
        const parts = project.files.map((f) => checkTachFile(ctx, f, project.host));
        tachFiles = parts.length;
        const all = new TachParts(ctx, parts);
        const merged = all.result();
        this.tach = {
          files: project.files,
          index: new Map(project.files.map((f, i) => [f.path, i])),
          parts: all,
          warnings: [],
          key: optionsKey(config.include_string_imports, config.django_settings_module !== null, this.args.fast),
          extract: [config.include_string_imports, config.django_settings_module !== null],
          primitive: config.interfaces.some((i) => i.data_types === "primitive"),
          merged: merged.diagnostics,
          mergedLength: merged.diagnostics.length,
        };
        return merged;
      },
      importLinterRun: (run) => {
        this.lint = {
          run,
          byPath: new Map(run.files.map((f) => [f.path, f])),
          key: optionsKey(false, false, this.args.fast),
          ranContracts: run.fatal === null && run.invalid.length === 0,
        };
      },
    };
    // Each file is read once per check: its import lines are captured from the bytes it was
    // extracted from (extract/import-lines.ts), so nothing asks for the file again.
    const r = await checkProjectWith(this.host, this.args, hooks);
    const t = this.tach as TachState | null;
    if (t !== null) {
      if (r.tach === null || r.tach.diagnostics !== t.merged)
        this.tach = null; // not the run's result
      else {
        t.warnings = r.tach.diagnostics.slice(0, r.tach.diagnostics.length - t.mergedLength);
        t.merged = null;
        // From now on files are extracted from the store: the run's extractor (and its memo of
        // every file) is let go.
        const [strings, django] = t.extract;
        t.parts.ctx.extract = (f) => this.extraction(f.path, t.key, strings, django)?.data ?? null;
      }
    }
    this.stats = {
      mode: "full",
      extracted: this.store.added - extracted,
      tachFiles,
      contracts: (this.lint as LintState | null)?.ranContracts ?? false,
    };
    this.result = r;
    return r;
  }

  // A stored extraction, or the file read and extracted now (and stored).
  private extraction(path: string, key: string, strings: boolean, django: boolean, host: Host = this.host) {
    const known = this.store.get(path, key);
    if (known !== undefined) return known;
    // With lines: the entry may serve the import-linter graph as well (a re-extracted file is one).
    const got = new Extractor(host, null, { strings, django, fast: this.args.fast, lines: true, keep: false }).get(path);
    if (got === null) return null;
    const e = { data: got.data, lines: got.lines };
    this.store.set(path, key, e);
    return e;
  }

  // Content changes to known Python files: read and extract each once, run its rules, merge.
  private async files(paths: string[], primitiveAll: boolean): Promise<CheckProjectResult> {
    const last = this.result!;
    if (paths.length === 0 && !primitiveAll) {
      this.stats = { mode: "none", extracted: 0, tachFiles: 0, contracts: false };
      return last;
    }
    await loadExtractor();
    const extracted = this.store.added;
    const bytesOf = new Map<string, Uint8Array>();
    for (const p of paths) {
      const bytes = this.host.readFile(p);
      if (bytes === null) {
        // Gone (or unreadable) although reported changed: a deletion.
        this.store.delete(p);
        return this.full();
      }
      bytesOf.set(p, bytes);
    }
    // The rules read through this host: the changed files' new bytes are not read again.
    const host: Host = Object.create(this.host, {
      readFile: { value: (p: string) => bytesOf.get(p) ?? this.host.readFile(p) },
    }) as Host;
    for (const p of bytesOf.keys()) {
      this.store.delete(p);
      // Each set of extraction options the file is checked with (Tach's, import-linter's).
      const wanted = new Map<string, [boolean, boolean]>();
      if (this.tach?.index.has(p) === true) wanted.set(this.tach.key, this.tach.extract);
      if (this.lint?.byPath.has(p) === true) wanted.set(this.lint.key, [false, false]);
      for (const [key, [strings, django]] of wanted) this.extraction(p, key, strings, django, host);
    }
    let tach = last.tach;
    let tachFiles = 0;
    const t = this.tach;
    if (t !== null && tach !== null) {
      const which = primitiveAll || t.primitive ? t.files.map((_, i) => i) : paths.flatMap((p) => t.index.get(p) ?? []);
      for (const i of which) t.parts.replace(i, checkTachFile(t.parts.ctx, t.files[i]!, host));
      tachFiles = which.length;
      if (which.length > 0) {
        const r = t.parts.result(t.warnings, false);
        tach = { ...tach, diagnostics: r.diagnostics, unused: r.unused, edges: t.parts.edgeList() };
      }
    }
    let importlinter = last.importlinter;
    let contracts = false;
    const l = this.lint;
    if (l !== null && importlinter !== null && importlinter.graph !== null) {
      // Loaded only for import-linter projects (a Tach-only session never loads its engine).
      const { regraph, recheckContracts } = await import("./lint-graph.js");
      const modules = new Set(paths.flatMap((p) => l.byPath.get(p)?.module ?? []));
      const key = l.key;
      const g =
        modules.size === 0 ? null : regraph(l.run.graph, l.run.files, modules, (s) => this.store.get(s.path, key) ?? null, l.run.config);
      if (g !== null) {
        l.run.graph = g;
        if (l.ranContracts) {
          l.run.results = recheckContracts(g, l.run.results, l.run.config);
          contracts = true;
        }
        importlinter = { ...importlinter, graph: g, contracts: l.run.results };
      }
    }
    const r: CheckProjectResult = { exit: exitOf(last.error, tach, importlinter), error: last.error, tach, importlinter };
    this.stats = { mode: "files", extracted: this.store.added - extracted, tachFiles, contracts };
    this.result = r;
    return r;
  }
}

// The exit code checkProject gives for these parts.
function exitOf(error: string | null, t: TachProjectResult | null, il: ImportLinterProjectResult | null): 0 | 1 {
  if (error !== null) return 1;
  if (t !== null && (t.fatal !== null || t.diagnostics.some((d) => d.severity === "Error") || t.unused.length > 0)) return 1;
  if (il !== null) {
    if (il.graph === null || il.fatal !== null || il.invalid.length > 0) return 1;
    if (il.contracts.some((c) => !c.kept || c.exception !== null)) return 1;
  }
  return 0;
}
