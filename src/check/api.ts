// `quarry check` and `quarry graph`: argument handling, config discovery, the two engines
// (Tach, import-linter), output and exit codes. All I/O goes through the Host.
import { type Host, joinPath, dirname, decodeUtf8, relativePath, resolvePath } from "./host.js";
import {
  readTachConfig,
  readDomainConfig,
  formatConfigError,
  type ConfigError,
  type ProjectConfig,
  type ModuleConfig,
  type InterfaceConfig,
} from "./config/tach.js";
import { readImportLinterIni, readImportLinterToml, type ImportLinterConfig } from "./config/importlinter.js";
import { Project, type SourceFile } from "./project/project.js";
import { hasGlobSyntax } from "./project/glob.js";
// Modules a run may not need are loaded on first use: a replayed warm run loads neither the rules
// nor the report formatting, and a Tach-only project never loads import-linter's engine.
import type { CheckResult, ModuleTree } from "./rules/tach.js";
import { Extractor, type ExtractorOptions, loadExtractor, PARALLEL_THRESHOLD } from "./extract/extractor.js";
import type { Diagnostic } from "./rules/diagnostics.js";
import type { TextStyle, Finding } from "./report/report.js";
import type { ContractResult, ImportGraph, GraphSource } from "./rules/importlinter.js";
import {
  ExtractCache,
  StampStore,
  contentHash,
  CACHE_VERSION,
  readCacheJson,
  writeCacheJson,
  ensureCacheGitignore,
} from "./extract/cache.js";
import { isDiagnostic } from "./rules/diagnostics.js";
import { QUARRY_VERSION } from "./version.js";
import { dirDigest } from "./project/project.js";
import { RecordingHost, passGate, type GateRecord } from "./extract/replay-gate.js";
import type { GraphFormat } from "./report/graph.js";

/** quarry's version (kept for callers of the old name). */
export const QUARRY_CHECK_VERSION = QUARRY_VERSION;

export type OutputFormat = "text" | "json" | "sarif" | "github";
export type Engine = "auto" | "tach" | "importlinter";

/** The options of `quarry check` (the CLI builds them from argv; see options.ts). */
export interface CheckArgs {
  /** The project folder (default: the working directory). */
  path: string | null;
  exact: boolean;
  dependencies: boolean;
  interfaces: boolean;
  output: OutputFormat;
  /** Write the report to this file (relative to the working directory) instead of stdout. */
  outFile: string | null;
  exclude: string[];
  cache: boolean;
  cacheDir: string | null;
  engine: Engine;
  contracts: string[];
  /** Token-level extraction only (no full parse; syntax errors only from the tokenizer). */
  fast: boolean;
  watch: boolean;
}

/** `quarry check`'s defaults; with neither `dependencies` nor `interfaces`, both run. */
export function checkArgs(given: Partial<CheckArgs> = {}): CheckArgs {
  const a: CheckArgs = {
    path: null,
    exact: false,
    dependencies: false,
    interfaces: false,
    output: "text",
    outFile: null,
    exclude: [],
    cache: true,
    cacheDir: null,
    engine: "auto",
    contracts: [],
    fast: false,
    watch: false,
    ...given,
  };
  if (!a.dependencies && !a.interfaces) {
    a.dependencies = true;
    a.interfaces = true;
  }
  return a;
}

/** Where Tach's config lives: the first directory upward with tach.toml or a pyproject mentioning tool.tach. */
export function findTachRoot(host: Host, start: string): { root: string; file: string; kind: "tach.toml" | "pyproject.toml" } | null {
  for (let d = start; ; d = dirname(d)) {
    if (host.stat(joinPath(d, "tach.toml")) === "file") return { root: d, file: joinPath(d, "tach.toml"), kind: "tach.toml" };
    const py = host.readFile(joinPath(d, "pyproject.toml"));
    if (py !== null && decodeUtf8(py).includes("tool.tach"))
      return { root: d, file: joinPath(d, "pyproject.toml"), kind: "pyproject.toml" };
    if (d === "/") return null;
  }
}

/** import-linter's lookup in one directory: setup.cfg, then .importlinter, then pyproject.toml. */
export function findImportLinterConfig(host: Host, dir: string): { value: ImportLinterConfig | null; errors: ConfigError[] } {
  for (const name of ["setup.cfg", ".importlinter"]) {
    const data = host.readFile(joinPath(dir, name));
    if (data === null) continue;
    const r = readImportLinterIni(decodeUtf8(data), name);
    if (r.value !== null || r.errors.length > 0) {
      if (r.value !== null || name === ".importlinter") return r;
    }
  }
  const py = host.readFile(joinPath(dir, "pyproject.toml"));
  if (py !== null) {
    const text = decodeUtf8(py);
    if (text.includes("importlinter")) return readImportLinterToml(text, "pyproject.toml");
  }
  return { value: null, errors: [] };
}

interface TachRun {
  config: ProjectConfig;
  project: Project;
  tree: ModuleTree;
  result: CheckResult;
  /** The whole-result cache key (null without a cache) and the extra directories it depends on. */
  resultKey: string | null;
  dirs: [string, string][];
}

/** A run's final output, stored so an unchanged project replays it without checking again. */
interface Replay {
  exit: number;
  stdout: string;
  stderr: string;
  /** Where a loaded replay came from (its result key and directories), to store it again. */
  from?: { key: string; dirs: [string, string][] };
}

type TachOutcome =
  | { kind: "ok"; run: TachRun }
  | { kind: "fatal"; stdout: string; stderr: string; json: unknown; at: ConfigError[] }
  | { kind: "replay"; replay: Replay };

async function runTach(
  host: Host,
  found: NonNullable<ReturnType<typeof findTachRoot>>,
  args: CheckArgs,
  style: TextStyle,
  extractor: (s: boolean, d: boolean) => Extractor,
  resultDir: string | null,
  replayVariant: string | null = null,
  hooks: CheckHooks = {},
): Promise<TachOutcome> {
  const text = decodeUtf8(host.readFile(found.file) ?? new Uint8Array());
  const rel = relativePath(found.root, found.file);
  const parsed = readTachConfig(text, rel, found.kind === "tach.toml" ? "" : "tool.tach");
  const fail = (errors: ConfigError[]): TachOutcome => {
    const msg = errors.map((e) => `Failed to parse project config: ${formatConfigError(e)}`).join("\n");
    return { kind: "fatal", stdout: msg + "\n", stderr: "", json: { error: msg }, at: errors };
  };
  if (parsed.value === null) return fail(parsed.errors);
  const config = parsed.value;
  // A literal source root that is not a directory is a configuration error (Tach itself warns
  // for each module it then cannot find, and passes).
  const absentRoots = config.source_roots.filter((e) => e !== "." && !hasGlobSyntax(e) && host.stat(joinPath(found.root, e)) !== "dir");
  if (absentRoots.length > 0) {
    const { TomlLocator } = await import("./config/toml-lines.js");
    const at = new TomlLocator(text).keyLocation(found.kind === "tach.toml" ? "" : "tool.tach", "source_roots");
    return fail(
      absentRoots.map((e) => ({
        file: rel,
        line: at.line,
        col: at.col,
        message: `source root '${e}' in \`source_roots\` does not exist or is not a directory`,
      })),
    );
  }
  if (args.exact) config.exact = true;
  const project = new Project(host, found.root, config, { extraExclude: args.exclude });
  const modules: ModuleConfig[] = [...config.modules];
  const interfaces: InterfaceConfig[] = [...config.interfaces];
  const domainErrors: ConfigError[] = [];
  for (const df of project.domainFiles) {
    const data = host.readFile(df.path);
    const drel = relativePath(found.root, df.path);
    if (data === null) {
      domainErrors.push({ file: drel, line: 0, col: 0, message: "could not read file" });
      continue;
    }
    const r = readDomainConfig(decodeUtf8(data), drel, df.module === "." ? "" : df.module);
    if (r.value === null) domainErrors.push(...r.errors);
    else {
      modules.push(...r.value.modules);
      interfaces.push(...r.value.interfaces);
    }
  }
  if (domainErrors.length > 0) return fail(domainErrors);
  config.interfaces = interfaces;
  const ex = extractor(config.include_string_imports, config.django_settings_module !== null);
  // Whole-result cache: when the config, the arguments, every file's content and every directory
  // listing the check consulted are unchanged, the previous result (or, for the same output
  // format and style, the previous output) is replayed. Directories listed from here on (module
  // tree, import resolution) are stored with the result and re-checked before a replay.
  const resultKey = hooks.tachRules !== undefined ? null : resultCacheKey(host, found.root, text, project, args, ex);
  const listedBefore = new Set(project.listed.keys());
  if (resultKey !== null && replayVariant !== null) {
    const replay = loadReplay(host, resultDir, resultKey, replayVariant);
    if (replay !== null) return { kind: "replay", replay };
  }
  const { buildModuleTree, validateTree, checkTach } = await import("./rules/tach.js");
  const built = buildModuleTree(config, project, modules);
  if (built.fatal !== null)
    return {
      kind: "fatal",
      stdout: built.fatal + "\n",
      stderr: "",
      json: { error: built.fatal },
      at: [{ file: rel, line: 1, col: 1, message: built.fatal }],
    };
  // Fatal module errors are located at the module's declaration.
  const declared = (path: string, message: string): ConfigError => {
    const o = built.tree.byPath.get(path)?.config.origin;
    return o === undefined ? { file: rel, line: 1, col: 1, message } : { file: o.file, line: Math.max(1, o.line), col: 1, message };
  };
  const v = validateTree(built.tree, config);
  if (v.visibility.length > 0) {
    const { failIcon } = await import("./report/report.js");
    const lines = v.visibility.map(
      ([dependent, dependency, pats]) =>
        `${failIcon({ emoji: true, color: false })} Module configuration error: '${dependent}' cannot depend on '${dependency}' because '${dependent}' does not match its visibility: [${pats.map((p) => `'${p}'`).join(", ")}].\n` +
        `Adjust 'visibility' for '${dependency}' to include '${dependent}', or remove the dependency.`,
    );
    const at = v.visibility.map(([dependent, dependency]) =>
      declared(dependent, `Module configuration error: '${dependent}' cannot depend on '${dependency}' because of its visibility.`),
    );
    return {
      kind: "fatal",
      stdout: "",
      stderr: lines.map((l) => l + "\n\n").join(""),
      json: { error: "Visibility error", visibility_errors: v.visibility },
      at,
    };
  }
  if (v.cycles.length > 0) {
    const { failIcon } = await import("./report/report.js");
    const lines = v.cycles.map((m) => `${failIcon({ emoji: true, color: false })} Circular dependency detected for module '${m}'`);
    const msg = `${lines.join("\n")}\n\nResolve circular dependencies.\nRemove or unset 'forbid_circular_dependencies' from 'tach.toml' to allow circular dependencies.\n`;
    return {
      kind: "fatal",
      stdout: "",
      stderr: msg,
      json: { error: "Circular dependency", dependencies: v.cycles },
      at: v.cycles.map((m) => declared(m, `Circular dependency detected for module '${m}'`)),
    };
  }
  const checked = project.files.filter((f) => {
    const m = built.tree.nearest(f.module === "." ? "" : f.module);
    return !m.config.unchecked && !(m === built.tree.root && config.root_module === "ignore");
  });
  const cached = resultKey === null ? null : loadResult(host, resultDir, resultKey);
  let result: CheckResult;
  let dirs: [string, string][] = [];
  if (cached !== null) ({ result, dirs } = cached);
  else {
    await ex.prefetch(checked.map((f) => f.path));
    const parseFn = config.interfaces.some((i) => i.data_types === "primitive") ? (await import("../parser/parse.js")).parse : undefined;
    result = (hooks.tachRules ?? checkTach)(
      project,
      config,
      built.tree,
      { dependencies: args.dependencies, interfaces: args.interfaces, exact: config.exact && args.dependencies, parse: parseFn },
      (f: SourceFile) => ex.get(f.path)?.data ?? null,
    );
    dirs = [...project.listed].filter(([d]) => !listedBefore.has(d));
    if (resultKey !== null) saveResult(host, resultDir, resultKey, dirs, result);
  }
  result.diagnostics.unshift(...built.warnings);
  void style;
  return { kind: "ok", run: { config, project, tree: built.tree, result, resultKey, dirs } };
}

const RESULT_FILE = "result-tach.json";

function resultCacheKey(host: Host, root: string, configText: string, project: Project, args: CheckArgs, ex: Extractor): string | null {
  if (ex.cache === null) return null;
  const parts: string[] = [
    CACHE_VERSION,
    "result-3",
    root,
    configText,
    JSON.stringify([args.dependencies, args.interfaces, args.exact, args.fast, args.exclude]),
  ];
  for (const df of project.domainFiles) parts.push(df.path, decodeUtf8(host.readFile(df.path) ?? new Uint8Array()));
  for (const [dir, digest] of [...project.listed].sort(([a], [b]) => (a < b ? -1 : 1))) parts.push(dir, digest);
  for (const f of project.files) parts.push(f.rel, ex.hash(f.path) ?? "-");
  return contentHash(new TextEncoder().encode(parts.join("\u0000")), "result");
}

interface StoredResult {
  key: string;
  dirs: [string, string][];
  diagnostics: CheckResult["diagnostics"];
  unused: CheckResult["unused"];
  edges: [string, [string, number][]][];
  firstPartyImports: number;
}

function loadResult(host: Host, dir: string | null, key: string): { result: CheckResult; dirs: [string, string][] } | null {
  if (dir === null) return null;
  const v = readCacheJson(host, dir, RESULT_FILE) as StoredResult | null;
  if (v === null || typeof v !== "object" || v.key !== key || !isStoredResult(v)) return null;
  if (!dirsUnchanged(host, v.dirs)) return null;
  return {
    result: {
      diagnostics: v.diagnostics,
      unused: v.unused,
      edges: new Map(v.edges.map(([from, tos]) => [from, new Map(tos)])),
      firstPartyImports: v.firstPartyImports,
    },
    dirs: v.dirs,
  };
}

// A stored result is replayed only when every part has the shape saveResult writes.
function isStoredResult(v: StoredResult): boolean {
  const isStr = (x: unknown) => typeof x === "string";
  return (
    Array.isArray(v.dirs) &&
    v.dirs.every((d) => Array.isArray(d) && d.length === 2 && isStr(d[0]) && isStr(d[1])) &&
    Array.isArray(v.diagnostics) &&
    v.diagnostics.every(isDiagnostic) &&
    Array.isArray(v.unused) &&
    v.unused.every((u) => Array.isArray(u) && u.length === 2 && isStr(u[0]) && Array.isArray(u[1]) && u[1].every(isStr)) &&
    Array.isArray(v.edges) &&
    v.edges.every(
      (e) =>
        Array.isArray(e) &&
        e.length === 2 &&
        isStr(e[0]) &&
        Array.isArray(e[1]) &&
        e[1].every((t) => Array.isArray(t) && t.length === 2 && isStr(t[0]) && Number.isInteger(t[1])),
    ) &&
    Number.isInteger(v.firstPartyImports)
  );
}

function dirsUnchanged(host: Host, dirs: unknown): boolean {
  if (!Array.isArray(dirs)) return false;
  for (const d of dirs as unknown[]) {
    if (!Array.isArray(d) || typeof d[0] !== "string" || dirDigest(host.readDir(d[0])) !== d[1]) return false;
  }
  return true;
}

// The replay file: the final output (stdout and stderr text, exit code) of a Tach-only run, with
// its result key, output variant (format and style) and the extra directories it depends on. A
// warm run with nothing changed prints it without loading the result, the rules or the report
// formatting.
const REPLAY_FILE = "output-tach.json";

function loadReplay(host: Host, dir: string | null, key: string, variant: string): Replay | null {
  if (dir === null) return null;
  const h = readCacheJson(host, dir, REPLAY_FILE) as {
    key?: unknown;
    variant?: unknown;
    dirs?: unknown;
    exit?: unknown;
    stdout?: unknown;
    stderr?: unknown;
  } | null;
  if (h === null || typeof h !== "object" || h.key !== key || h.variant !== variant) return null;
  if (typeof h.exit !== "number" || typeof h.stdout !== "string" || typeof h.stderr !== "string") return null;
  if (!dirsUnchanged(host, h.dirs)) return null;
  return { exit: h.exit, stdout: h.stdout, stderr: h.stderr, from: { key, dirs: h.dirs as [string, string][] } };
}

// `gate`: the replay gate's record of what the run read (extract/replay-gate.ts), or null.
function saveReplay(
  host: Host,
  dir: string,
  key: string,
  variant: string,
  dirs: [string, string][],
  r: Replay,
  gate: GateRecord | null = null,
): void {
  writeCacheJson(host, dir, REPLAY_FILE, { key, variant, dirs, exit: r.exit, stdout: r.stdout, stderr: r.stderr, gate });
}

/** The replay file's output when its gate record passes (nothing the run read has changed). */
function loadGated(host: Host, dir: string, gateKey: string, cacheRoot: string): Replay | null {
  const h = readCacheJson(host, dir, REPLAY_FILE) as { gate?: unknown; exit?: unknown; stdout?: unknown; stderr?: unknown } | null;
  if (h === null || typeof h !== "object" || typeof h.exit !== "number" || typeof h.stdout !== "string" || typeof h.stderr !== "string")
    return null;
  return passGate(host, h.gate, gateKey, cacheRoot) ? { exit: h.exit, stdout: h.stdout, stderr: h.stderr } : null;
}

function saveResult(host: Host, dir: string | null, key: string, dirs: [string, string][], r: CheckResult): void {
  if (dir === null) return;
  const stored: StoredResult = {
    key,
    dirs,
    diagnostics: r.diagnostics,
    unused: r.unused,
    edges: [...r.edges].map(([from, tos]) => [from, [...tos]]),
    firstPartyImports: r.firstPartyImports,
  };
  writeCacheJson(host, dir, RESULT_FILE, stored);
}

/** @internal One import-linter run's parts (the incremental checker keeps them). */
export interface LintRun {
  /** The module files the graph was built from. */
  files: GraphSource[];
  graph: ImportGraph;
  results: ContractResult[];
  config: ImportLinterConfig;
  missing: string[];
  /** The invalid contract lint-imports reports (the first one it meets), or none. */
  invalid: ImportLinterConfig["invalid"];
  /** A problem that stops the run before any contract is checked (an unknown --contract id). */
  fatal: string | null;
}

/** lint-imports' error for `--contract` ids that name no contract, or null. */
export function missingContractsMessage(config: ImportLinterConfig, wanted: string[]): string | null {
  const known = new Set([...config.contracts.map((c) => c.id), ...config.invalid.map((c) => c.id)]);
  const missing = [...new Set(wanted.filter((id) => !known.has(id)))].sort();
  if (missing.length === 0) return null;
  if (missing.length === 1) {
    return `Could not find contract '${missing[0]}'.\n\nYou asked to limit the check to that contract, but nothing exists with that id.`;
  }
  return `Could not find the following contract ids: ${missing.join(", ")}.\n\nYou asked to limit the check to those contracts, but there are no contracts with those ids.`;
}

async function runImportLinter(host: Host, dir: string, config: ImportLinterConfig, args: CheckArgs, ex: Extractor): Promise<LintRun> {
  const { findPackageFiles, buildGraph, checkContract } = await import("./rules/importlinter.js");
  const { files, missing, modules } = findPackageFiles(host, dir, config.root_packages);
  await ex.prefetch(files.map((f) => f.path));
  const graph = buildGraph(files, (s) => ex.get(s.path), config);
  // lint-imports checks the root packages before building the graph.
  const single = modules[0];
  const fatal =
    single !== undefined
      ? `'${single}' is a module, not a package. root_packages should only contain packages (directories with __init__.py), not individual .py files.`
      : args.contracts.length === 0
        ? null
        : missingContractsMessage(config, args.contracts);
  if (fatal !== null) return { files, graph, results: [], config, missing, invalid: [], fatal };
  const pick = <T extends { id: string }>(list: T[]) =>
    args.contracts.length === 0 ? list : list.filter((c) => args.contracts.includes(c.id));
  // lint-imports stops at the first invalid contract in file order and reports only that one.
  const invalid = pick(config.invalid)
    .sort((a, b) => a.line - b.line)
    .slice(0, 1);
  const results = invalid.length > 0 ? [] : pick(config.contracts).map((c) => checkContract(graph, c, config));
  return { files, graph, results, config, missing, invalid, fatal };
}

/**
 * `quarry check` with its options already parsed: checks, prints the report (stdout, or the
 * `outFile`) and resolves to the exit code: 0 clean, 1 violations or configuration errors (as
 * Tach and lint-imports do), 2 usage errors. Never rejects for bad input. For the results as
 * data, use checkProject.
 */
export async function runCheck(options: Partial<CheckArgs>, host: Host): Promise<number> {
  const args = checkArgs(options);
  const start = args.path === null ? host.cwd() : resolvePath(host.cwd(), args.path);
  if (host.stat(start) !== "dir") {
    host.stderr(`quarry check: error: '${args.path}' is not a directory\n`);
    return 2;
  }
  if (!args.watch) return checkOnce(args, host, start);
  if (host.watch === undefined) {
    host.stderr("quarry check: error: --watch is not available in this environment\n");
    return 2;
  }
  // --watch: check, then re-check (debounced) whenever a file under PATH changes, with one
  // incremental checker (incremental/watch.ts). Runs until the process is stopped.
  const { watchCheck } = await import("./incremental/watch.js");
  const style: TextStyle = { emoji: host.isTTY("stdout"), color: host.isTTY("stdout") && host.env("NO_COLOR") === undefined };
  return watchCheck(args, host, start, async (result) =>
    writeReport(host, args, await renderCheck(result, args.output, style, host)) ? result.exit : 2,
  );
}

/** What the Tach engine found: data only (rendering is the caller's). */
export interface TachProjectResult {
  /** The project root (absolute) and its config file (absolute). */
  root: string;
  configFile: string;
  /**
   * A problem that stopped the check (a configuration error, duplicate modules, a visibility
   * or cycle error): Tach's own text and JSON object, and where each problem is (relative to
   * `root`). null when the check ran.
   */
  fatal: { text: string; json: unknown; at: ConfigError[] } | null;
  /** Tach's diagnostics, in the order Tach produces them. */
  diagnostics: Diagnostic[];
  /** `--exact`: module -> its unused depends_on entries. */
  unused: [string, string[]][];
  /** The module graph: each declared module's configuration (with where it was declared)... */
  modules: ModuleConfig[];
  /** ...and the module dependencies the code uses: [from, to, number of imports]. */
  edges: [string, string, number][];
}

/** What the import-linter engine found: data only. */
export interface ImportLinterProjectResult {
  /** The folder the configuration was read in (absolute) and the config file (absolute). */
  dir: string;
  configFile: string;
  /** Problems reading the configuration (the run stopped there). */
  configErrors: ConfigError[];
  /** A problem that stopped the run before any contract was checked, as lint-imports words it. */
  fatal: string | null;
  /** The import graph (modules, their files, imports with lines). */
  graph: ImportGraph | null;
  /** One result per checked contract. */
  contracts: ContractResult[];
  /** The invalid contract lint-imports reports (the first one), if any. */
  invalid: ImportLinterConfig["invalid"];
}

/** The result of checking a project: what each configured tool found, and the exit code. */
export interface CheckProjectResult {
  /** 0 when every configured tool passes, else 1 (as `quarry check` exits). */
  exit: 0 | 1;
  /** Set when neither tool is configured: Tach's (or, with engine importlinter, lint-imports') message. */
  error: string | null;
  tach: TachProjectResult | null;
  importlinter: ImportLinterProjectResult | null;
}

type Analysis =
  | { kind: "replay"; replay: Replay }
  | { kind: "done"; result: CheckProjectResult; replayFrom: { key: string; dirs: [string, string][] } | null; tree: ModuleTree | null };

/**
 * Checks the project at `options.path` (default: the host's working directory) with every
 * configured tool and returns what they found as data; renders and prints nothing. Never
 * rejects for bad input: configuration problems are part of the result.
 */
export async function checkProject(host: Host, options: Partial<CheckArgs> = {}): Promise<CheckProjectResult> {
  return checkProjectWith(host, options, {});
}

/**
 * @internal Where the incremental checker (incremental/checker.ts) plugs into a full check: it
 * supplies the extractor (to reuse what it already extracted) and runs the rules itself (to keep
 * each file's part). Without hooks, a check is checkProject's.
 */
export interface CheckHooks {
  /** Makes the extractor for one set of extraction options, in place of `new Extractor(...)`. */
  extractor?: (host: Host, cache: ExtractCache | null, options: ExtractorOptions) => Extractor;
  /** Runs the Tach rules in place of checkTach (same contract); the whole-result cache is then skipped. */
  tachRules?: (...a: Parameters<typeof import("./rules/tach.js").checkTach>) => CheckResult;
  /** Called with each import-linter run. */
  importLinterRun?: (run: LintRun) => void;
}

/** @internal checkProject with hooks (see CheckHooks). */
export async function checkProjectWith(host: Host, options: Partial<CheckArgs>, hooks: CheckHooks): Promise<CheckProjectResult> {
  const args = checkArgs({ ...options, watch: false });
  const start = args.path === null ? host.cwd() : resolvePath(host.cwd(), args.path);
  const a = await analyze(args, host, start, null, false, hooks);
  if (a.kind === "replay") throw new Error("unreachable: checkProject asks for no replay");
  return a.result;
}

async function analyze(
  args: CheckArgs,
  host: Host,
  start: string,
  replayVariantFor: ((tachOnly: boolean) => string | null) | null,
  progressBar: boolean,
  hooks: CheckHooks = {},
): Promise<Analysis> {
  const style: TextStyle = { emoji: host.isTTY("stdout"), color: host.isTTY("stdout") && host.env("NO_COLOR") === undefined };
  const tachFound = args.engine === "importlinter" ? null : findTachRoot(host, start);
  const il = args.engine === "tach" ? { value: null, errors: [] } : findImportLinterConfig(host, start);
  const result: CheckProjectResult = { exit: 0, error: null, tach: null, importlinter: null };
  if (tachFound === null && il.value === null && il.errors.length === 0) {
    // Each tool's own words: lint-imports' when only import-linter was asked for.
    result.error =
      args.engine === "importlinter"
        ? "Could not read any configuration."
        : "Configuration file not found. Run 'tach init' to get started!";
    result.exit = 1;
    return { kind: "done", result, replayFrom: null, tree: null };
  }
  const cacheRoot = args.cacheDir !== null ? resolvePath(host.cwd(), args.cacheDir) : joinPath(tachFound?.root ?? start, ".quarry-cache");
  const cache = args.cache ? new ExtractCache(host, joinPath(cacheRoot, "imports")) : null;
  const extractors = new Map<string, Extractor>();
  let stampStore: StampStore | null = null;
  // import-linter quotes import lines (its extractor is the one without strings or Django).
  const lintRuns = il.value !== null && il.errors.length === 0;
  const extractor = (s: boolean, d: boolean) => {
    const k = `${s}${d}`;
    let e = extractors.get(k);
    if (e === undefined) {
      const lines = lintRuns && !s && !d;
      // With both tools, import-linter's graph asks for the files Tach's rules extracted.
      const o: ExtractorOptions = { strings: s, django: d, fast: args.fast, lines, keep: lines && tachFound !== null };
      extractors.set(k, (e = hooks.extractor?.(host, cache, o) ?? new Extractor(host, cache, o)));
      // Stamps serve the whole-result key, which a run with its own Tach rules skips (and saving
      // the unused store would drop the stamps a later warm run needs).
      if (cache !== null && hooks.tachRules === undefined) e.stamps = stampStore ??= new StampStore(host, cache.dir);
      // A progress bar on an interactive stderr, for runs that parse many files.
      if (progressBar && host.isTTY("stderr")) {
        e.progress = (done, total) => {
          if (total < PARALLEL_THRESHOLD) return;
          const width = 30;
          const filled = Math.round((width * Math.min(done, total)) / total);
          host.stderr(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${Math.min(done, total)}/${total} files`);
        };
      }
    }
    return e;
  };
  // A Tach-only project's output can be replayed from the cache when nothing changed.
  const replayVariant = cache !== null && replayVariantFor !== null ? replayVariantFor(il.value === null && il.errors.length === 0) : null;
  let replayFrom: { key: string; dirs: [string, string][] } | null = null;
  let tree: ModuleTree | null = null;

  if (tachFound !== null) {
    const out = await runTach(host, tachFound, args, style, extractor, cache === null ? null : cache.dir, replayVariant, hooks);
    if (out.kind === "replay") {
      (stampStore as StampStore | null)?.save();
      return { kind: "replay", replay: out.replay };
    }
    const t: TachProjectResult = {
      root: tachFound.root,
      configFile: tachFound.file,
      fatal: null,
      diagnostics: [],
      unused: [],
      modules: [],
      edges: [],
    };
    result.tach = t;
    if (out.kind === "fatal") {
      result.exit = 1;
      t.fatal = { text: out.stdout + out.stderr, json: out.json, at: out.at };
    } else {
      const r = out.run.result;
      if (out.run.resultKey !== null) replayFrom = { key: out.run.resultKey, dirs: out.run.dirs };
      tree = out.run.tree;
      t.diagnostics = r.diagnostics;
      t.unused = r.unused;
      t.modules = [...out.run.tree.byPath.values()].map((n) => n.config);
      t.edges = [...r.edges].flatMap(([from, tos]) => [...tos].map(([to, n]): [string, string, number] => [from, to, n]));
      if (r.diagnostics.some((d) => d.severity === "Error") || r.unused.length > 0) result.exit = 1;
    }
  }

  if (il.value !== null || il.errors.length > 0) {
    const file = il.value?.file ?? il.errors[0]?.file ?? "";
    const ir: ImportLinterProjectResult = {
      dir: start,
      configFile: joinPath(start, file),
      configErrors: [],
      fatal: null,
      graph: null,
      contracts: [],
      invalid: [],
    };
    result.importlinter = ir;
    if (il.value === null || il.errors.length > 0) {
      result.exit = 1;
      ir.configErrors = il.errors;
    } else {
      const run = await runImportLinter(host, start, il.value, args, extractor(false, false));
      hooks.importLinterRun?.(run);
      ir.graph = run.graph;
      ir.contracts = run.results;
      ir.invalid = run.invalid;
      ir.fatal =
        run.missing.length > 0 ? run.missing.map((m) => `Could not find package '${m}' in your Python path.`).join("\n") : run.fatal;
      if (run.results.some((r) => !r.kept || r.exception !== null) || run.invalid.length > 0 || ir.fatal !== null) result.exit = 1;
    }
  }

  cache?.flush();
  (stampStore as StampStore | null)?.save(); // assigned inside the extractor factory
  // `.quarry-cache/` ignores itself in git. A folder given with --cache-dir may hold other
  // things, so there only quarry's own subfolder gets the `.gitignore`.
  if (cache !== null) ensureCacheGitignore(host, args.cacheDir === null ? cacheRoot : cache.dir);
  for (const e of extractors.values()) if (e.progress !== null && e.total >= PARALLEL_THRESHOLD) host.stderr("\r\x1b[K");
  return { kind: "done", result, replayFrom, tree };
}

async function checkOnce(args: CheckArgs, host: Host, start: string): Promise<number> {
  // The whole human report goes to stdout, so emoji and colour follow stdout.
  const style: TextStyle = { emoji: host.isTTY("stdout"), color: host.isTTY("stdout") && host.env("NO_COLOR") === undefined };
  const variant = (tachOnly: boolean) => (tachOnly ? JSON.stringify([args.output, style.emoji, style.color, host.cwd()]) : null);
  // The replay gate (extract/replay-gate.ts): when nothing the last run read has changed, its
  // output is printed without building the project model. Otherwise the run records what it reads.
  const gateRoot = args.cache && args.engine !== "importlinter" ? (findTachRoot(host, start)?.root ?? null) : null;
  const cacheRoot =
    gateRoot === null ? null : args.cacheDir !== null ? resolvePath(host.cwd(), args.cacheDir) : joinPath(gateRoot, ".quarry-cache");
  const gateKey = JSON.stringify([start, args, variant(true)]);
  const gated = cacheRoot === null ? null : loadGated(host, joinPath(cacheRoot, "imports"), gateKey, cacheRoot);
  if (gated !== null) {
    if (gated.stderr !== "") host.stderr(gated.stderr);
    if (!writeReport(host, args, gated.stdout)) return 2;
    return gated.exit;
  }
  const recorder = cacheRoot === null ? null : new RecordingHost(host, cacheRoot);
  host = recorder?.host ?? host;
  const a = await analyze(args, host, start, variant, args.output === "text");
  if (a.kind === "replay") {
    if (a.replay.stderr !== "") host.stderr(a.replay.stderr);
    if (!writeReport(host, args, a.replay.stdout)) return 2;
    // Replayed, but not through the gate: store the record so that the next run is.
    const gate = recorder?.record(gateKey) ?? null;
    if (gate !== null && a.replay.from !== undefined)
      saveReplay(host, joinPath(cacheRoot!, "imports"), a.replay.from.key, variant(true)!, a.replay.from.dirs, a.replay, gate);
    return a.replay.exit;
  }
  const { result } = a;
  const output = await renderCheck(result, args.output, style, host);
  if (!writeReport(host, args, output)) return 2;
  const replayVariant = args.cache && result.importlinter === null && result.error === null ? variant(true) : null;
  const cacheDir =
    args.cacheDir !== null
      ? joinPath(resolvePath(host.cwd(), args.cacheDir), "imports")
      : result.tach === null
        ? null
        : joinPath(result.tach.root, ".quarry-cache", "imports");
  if (a.replayFrom !== null && replayVariant !== null && cacheDir !== null) {
    const gate = cacheRoot !== null && cacheDir === joinPath(cacheRoot, "imports") ? (recorder?.record(gateKey) ?? null) : null;
    saveReplay(host, cacheDir, a.replayFrom.key, replayVariant, a.replayFrom.dirs, { exit: result.exit, stdout: output, stderr: "" }, gate);
  }
  return result.exit;
}

/** Renders a check's result in one of `quarry check`'s output formats. */
export async function renderCheck(
  result: CheckProjectResult,
  format: OutputFormat,
  style: TextStyle,
  host: Pick<Host, "cwd" | "stat">,
): Promise<string> {
  const findings: Finding[] = [];
  const envelope = jsonEnvelope(result.exit);
  envelope.error = result.error;
  let report = result.error === null ? "" : result.error + "\n";
  const located = (root: string, e: ConfigError, ruleId = "ConfigurationError"): Finding => ({
    ruleId,
    level: "error",
    message: e.message,
    file: joinPath(root, e.file),
    line: Math.max(1, e.line),
    col: Math.max(1, e.col),
  });
  if (result.error !== null)
    findings.push({ ruleId: "ConfigurationError", level: "error", message: result.error, file: null, line: 1, col: 1 });
  const t = result.tach;
  if (t !== null) {
    const tachJson: Record<string, unknown> = {
      config: relativePath(t.root, t.configFile),
      error: null,
      diagnostics: [],
      unused_dependencies: [],
    };
    envelope.tach = tachJson;
    if (t.fatal !== null) {
      report += t.fatal.text;
      tachJson.error = t.fatal.json;
      for (const e of t.fatal.at) findings.push(located(t.root, e));
    } else {
      const { formatGrouped, formatUnused, tachFindings } = await import("./report/report.js");
      const { toTachJson } = await import("./rules/diagnostics.js");
      // Each format builds only its own shape (21,000 diagnostics cost tens of milliseconds each).
      if (format === "json") tachJson.diagnostics = t.diagnostics.map(toTachJson);
      tachJson.unused_dependencies = t.unused.map(([module, unused]) => ({ module, unused }));
      if (format === "sarif" || format === "github") findings.push(...tachFindings(t.diagnostics, t.root));
      for (const [m, deps] of t.unused) {
        const origin = t.modules.find((c) => c.path === m)?.origin;
        findings.push({
          ruleId: "UnusedDependencies",
          level: "error",
          message: `'${m}' does not depend on: [${deps.map((d) => `'${d}'`).join(", ")}]`,
          file: joinPath(t.root, origin?.file ?? relativePath(t.root, t.configFile)),
          line: Math.max(1, origin?.line ?? 1),
          col: 1,
        });
      }
      if (t.diagnostics.length > 0) report += formatGrouped(t.diagnostics, style) + "\n";
      if (t.unused.length > 0) report += (t.diagnostics.length > 0 ? "\n" : "") + formatUnused(t.unused, style) + "\n\n";
      const tachFails = t.diagnostics.some((d) => d.severity === "Error") || t.unused.length > 0;
      if (!tachFails) report += "✅ All modules validated!\n";
    }
  }
  const ir = result.importlinter;
  if (ir !== null) {
    const ilJson: Record<string, unknown> = {
      config: relativePath(ir.dir, ir.configFile),
      error: null,
      analyzed_files: 0,
      dependencies: 0,
      contracts: [],
      invalid: [],
    };
    envelope.importlinter = ilJson;
    if (ir.graph === null) {
      const msg = ir.configErrors.map(formatConfigError).join("\n");
      report += msg + "\n";
      ilJson.error = msg;
      for (const e of ir.configErrors) findings.push(located(ir.dir, e));
    } else {
      const { renderImportLinter } = await import("./rules/importlinter.js");
      const graph = ir.graph;
      const missingPackages = ir.fatal?.startsWith("Could not find package");
      report += missingPackages ? ir.fatal + "\n" : renderImportLinter(graph, ir.contracts, ir.invalid, ir.fatal);
      if (ir.fatal !== null)
        findings.push({ ruleId: "ConfigurationError", level: "error", message: ir.fatal, file: ir.configFile, line: 1, col: 1 });
      ilJson.error = ir.fatal;
      ilJson.analyzed_files = graph.fileCount;
      ilJson.dependencies = graph.edgeCount();
      ilJson.invalid = ir.invalid;
      for (const inv of ir.invalid) {
        findings.push({
          ruleId: "InvalidContract",
          level: "error",
          message: `Contract "${inv.name}" is not configured correctly:\n${inv.problems.join("\n")}`,
          file: ir.configFile,
          line: Math.max(1, inv.line),
          col: 1,
        });
      }
      const fileOf = (m: string) => graph.files.get(m) ?? null;
      ilJson.contracts = ir.contracts.map((r) => ({
        id: r.contract.id,
        name: r.contract.name,
        type: r.contract.type,
        kept: r.kept,
        report: r.report,
        warnings: r.warnings,
        error: r.exception,
        violations: r.violations.map((v) => ({
          ...v,
          file: fileOf(v.importer) === null ? null : relativePath(ir.dir, fileOf(v.importer)!),
        })),
      }));
      for (const r of ir.contracts) {
        const ruleId = `importlinter/${r.contract.type}`;
        if (r.exception !== null)
          findings.push({
            ruleId,
            level: "error",
            message: `Contract '${r.contract.name}': ${r.exception}`,
            file: ir.configFile,
            line: Math.max(1, r.contract.line),
            col: 1,
          });
        // One result per offending import, at the import; the contract's line when none is known.
        for (const v of r.violations) {
          const file = fileOf(v.importer);
          findings.push({
            ruleId,
            level: "error",
            message: `Contract '${r.contract.name}' is broken: ${v.message}`,
            file: file ?? ir.configFile,
            line: file === null ? Math.max(1, r.contract.line) : v.line,
            col: 1,
          });
        }
        if (!r.kept && r.exception === null && r.violations.length === 0) {
          findings.push({
            ruleId,
            level: "error",
            message: `Contract '${r.contract.name}' is broken:\n${r.report}`,
            file: ir.configFile,
            line: Math.max(1, r.contract.line),
            col: 1,
          });
        }
      }
    }
  }
  switch (format) {
    case "text":
      return report;
    case "json":
      return JSON.stringify(envelope, null, 2) + "\n";
    case "sarif": {
      const { formatSarif, findingsBase } = await import("./report/report.js");
      return formatSarif(findings, QUARRY_VERSION, findingsBase(host)) + "\n";
    }
    case "github": {
      const { formatGithub, findingsBase } = await import("./report/report.js");
      return findings.length === 0 ? "" : formatGithub(findings, findingsBase(host)) + "\n";
    }
  }
}

/** Writes the report to stdout, or to `--out FILE`; false (after saying why) when it cannot. */
function writeReport(host: Host, args: CheckArgs, text: string): boolean {
  if (args.outFile === null || args.outFile === "-") {
    if (text !== "") host.stdout(text);
    return true;
  }
  if (host.writeFile?.(resolvePath(host.cwd(), args.outFile), new TextEncoder().encode(text))) return true;
  host.stderr(`quarry check: error: could not write '${args.outFile}'\n`);
  return false;
}

/** The version of the `--output json` document (docs/check.md describes it). */
export const CHECK_JSON_VERSION = 1;

/** `--output json`: one shape for every project (see docs/check.md, "JSON output"). */
interface CheckJson {
  format: "quarry-check";
  version: number;
  exit: number;
  error: string | null;
  tach: Record<string, unknown> | null;
  importlinter: Record<string, unknown> | null;
}

function jsonEnvelope(exit: number): CheckJson {
  return { format: "quarry-check", version: CHECK_JSON_VERSION, exit, error: null, tach: null, importlinter: null };
}

/** The options of `quarry graph`. */
export interface GraphArgs {
  path: string | null;
  format: GraphFormat;
  /** The file graph instead of the module graph. */
  files: boolean;
  /** Write to this file instead of stdout (`-` or null: stdout). */
  out: string | null;
  cache: boolean;
  /** For `--format html`: the layout library's browser build (dagre's dist/dagre.min.js) to inline. */
  layoutScript?: string | null;
}

/**
 * `quarry graph` with its options parsed: writes the module (or file) dependency graph as DOT,
 * Mermaid, JSON or a self-contained HTML page and resolves to the exit code (1 without a Tach configuration).
 */
export async function runGraph(options: Partial<GraphArgs>, host: Host): Promise<number> {
  const { path = null, format = "dot", files = false, out = null, cache: useCache = true, layoutScript = null } = options;
  if (format === "html" && layoutScript === null) {
    host.stderr("quarry graph: error: --format html needs the layout library @dagrejs/dagre (not found)\n");
    return 1;
  }
  const start = path === null ? host.cwd() : resolvePath(host.cwd(), path);
  const found = findTachRoot(host, start);
  if (found === null) {
    host.stderr("Configuration file not found. Run 'tach init' to get started!\n");
    return 1;
  }
  const args = checkArgs();
  const cache = !useCache ? null : new ExtractCache(host, joinPath(found.root, ".quarry-cache", "imports"));
  const res = await runTach(
    host,
    found,
    args,
    { emoji: false, color: false },
    (s, d) => new Extractor(host, cache, { strings: s, django: d, fast: false, lines: false, keep: false }),
    cache === null ? null : cache.dir,
  );
  if (res.kind === "fatal") {
    host.stdout(res.stdout);
    host.stderr(res.stderr);
    return 1;
  }
  if (res.kind === "replay") throw new Error("unreachable: runGraph asks for no replay");
  await loadExtractor();
  const { renderModuleGraph } = await import("./report/graph.js");
  const text = renderModuleGraph(
    res.run.tree,
    res.run.result,
    res.run.project,
    format,
    files,
    (p) => {
      const ex = new Extractor(host, cache, { strings: false, django: false, fast: false, lines: false, keep: false });
      return ex.get(p)?.data ?? null;
    },
    layoutScript === null
      ? undefined
      : {
          layoutScript,
          title: `quarry graph: ${found.root.slice(found.root.lastIndexOf("/") + 1) || found.root}`,
          layers: res.run.config.layers.map((l) => l.name),
        },
  );
  cache?.flush();
  if (out === null || out === "-") host.stdout(text);
  else if (host.writeFile === undefined || !host.writeFile(resolvePath(host.cwd(), out), new TextEncoder().encode(text))) {
    host.stderr(`quarry graph: error: could not write '${out}'\n`);
    return 1;
  }
  return 0;
}

/** Python's `json.dumps` with default settings: `", "` / `": "` separators, ASCII-only output. */
export function pyJsonDumps(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string")
    return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  if (typeof v === "number" || typeof v === "boolean") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pyJsonDumps).join(", ")}]`;
  return `{${Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${pyJsonDumps(k)}: ${pyJsonDumps(x)}`)
    .join(", ")}}`;
}
