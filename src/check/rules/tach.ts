// The Tach engine: declared modules -> module tree, configuration validation, and the per-import
// dependency and interface rules of Tach 0.35 (research/tach.md §3.3-§3.11).
import type { ModuleConfig, ProjectConfig, Severity, InterfaceConfig } from "../config/tach.js";
import { compileModuleGlob, compileVisibilityGlob, compileAnchoredRegex, hasGlobSyntax, type ModuleGlob } from "../project/glob.js";
import type { Project, Resolved, SourceFile } from "../project/project.js";
import { resolveRelative } from "../project/project.js";
import type { ExtractResult, IgnoreDirective } from "../extract/imports.js";
import type { Diagnostic, CodeDetails } from "./diagnostics.js";
import { dependencyOf } from "./diagnostics.js";
import type { parse } from "../../parser/parse.js";

type ParseFn = typeof parse;

export const ROOT = "<root>";

export interface ModuleNode {
  /** Dotted path, or `<root>`. */
  path: string;
  config: ModuleConfig;
  implicit: boolean;
  fromGlob: boolean;
}

export class ModuleTree {
  readonly byPath = new Map<string, ModuleNode>();
  root: ModuleNode;
  /** Each declared module path (`<root>` for the root) -> its position among the declarations. */
  readonly declared = new Map<string, number>();

  constructor(root: ModuleNode) {
    this.root = root;
  }

  /** The deepest declared module whose path is a dotted prefix of `dotted`, else `<root>`. */
  nearest(dotted: string): ModuleNode {
    let p = dotted;
    for (;;) {
      const n = this.byPath.get(p);
      if (n !== undefined) return n;
      const dot = p.lastIndexOf(".");
      if (dot < 0) return this.root;
      p = p.slice(0, dot);
    }
  }

  modules(): ModuleNode[] {
    return [this.root, ...this.byPath.values()];
  }
}

function implicitRoot(file: string): ModuleConfig {
  return {
    path: ROOT,
    depends_on: [],
    cannot_depend_on: null,
    depends_on_external: null,
    cannot_depend_on_external: null,
    layer: null,
    visibility: null,
    utility: false,
    unchecked: false,
    strict: false,
    origin: { file, line: 0 },
  };
}

export interface TreeResult {
  tree: ModuleTree;
  warnings: Diagnostic[];
  /** A fatal module-tree error (printed to stdout, exit 1), or null. */
  fatal: string | null;
}

const isRootPath = (p: string) => p === ROOT || p === ".";

/** Builds the module tree: expands glob modules, drops missing ones with a warning. */
export function buildModuleTree(config: ProjectConfig, project: Project, modules: ModuleConfig[]): TreeResult {
  const warnings: Diagnostic[] = [];
  let rootCfg: ModuleConfig | null = null;
  const literal: ModuleConfig[] = [];
  const globbed: ModuleConfig[] = [];
  const dupes = new Set<string>();
  const seen = new Set<string>();
  for (const m of modules) {
    if (isRootPath(m.path)) {
      if (rootCfg !== null) dupes.add(ROOT);
      rootCfg = m;
    } else if (hasGlobSyntax(m.path)) globbed.push(m);
    else {
      if (seen.has(m.path)) dupes.add(m.path);
      seen.add(m.path);
      literal.push(m);
    }
  }
  if (dupes.size > 0) {
    const list = [...dupes].map((d) => `'${d}'`).join(", ");
    return {
      tree: new ModuleTree({ path: ROOT, config: implicitRoot(config.file), implicit: true, fromGlob: false }),
      warnings,
      fatal: `Module tree error: Failed to build module tree. The following modules were defined more than once: [${list}]`,
    };
  }
  const root: ModuleNode = { path: ROOT, config: rootCfg ?? implicitRoot(config.file), implicit: rootCfg === null, fromGlob: false };
  const tree = new ModuleTree(root);
  modules.forEach((m, i) => {
    tree.declared.set(isRootPath(m.path) ? ROOT : m.path, i);
  });
  const allModules = [...project.pythonModules].sort();
  for (const g of globbed) {
    const glob = compileModuleGlob(g.path, 0);
    for (const m of allModules) {
      if (glob.matches(m)) tree.byPath.set(m, { path: m, config: { ...g, path: m }, implicit: false, fromGlob: true });
    }
  }
  // Concrete declarations override glob-created ones (Tach PR #631).
  for (const m of literal) {
    if (!project.moduleExists(m.path)) {
      warnings.push({
        severity: "Warning",
        file: null,
        line: 0,
        originalLine: 0,
        details: { config: { kind: "ModuleNotFound", file_mod_path: m.path } },
        at: { file: m.origin.file, line: Math.max(1, m.origin.line), col: 1 },
      });
      continue;
    }
    tree.byPath.set(m.path, { path: m.path, config: m, implicit: false, fromGlob: false });
  }

  // Root module treatment (§1.7).
  const mentions: string[] = [];
  for (const n of tree.modules()) {
    if (n.implicit) continue;
    const mentionsRoot =
      isRootPath(n.config.path) ||
      (n.config.depends_on ?? []).some((d) => isRootPath(d.path)) ||
      (n.config.cannot_depend_on ?? []).some((d) => isRootPath(d.path));
    if (mentionsRoot) mentions.push(n.path);
  }
  if (config.root_module === "forbid" && mentions.length > 0) {
    return {
      tree,
      warnings,
      fatal: `Module tree error: Root module violation: The root module ('${ROOT}') is forbidden, but was found in module configuration for modules: ${mentions.map((m) => `'${m}'`).join(", ")}.`,
    };
  }
  if (config.root_module === "dependenciesonly") {
    const dependents = tree.modules().filter((n) => (n.config.depends_on ?? []).some((d) => isRootPath(d.path)));
    if (dependents.length > 0) {
      return {
        tree,
        warnings,
        fatal: `Module tree error: Root module violation: The root module ('${ROOT}') is set to 'dependenciesonly', but was found as a dependency of modules: ${dependents.map((m) => `'${m.path}'`).join(", ")}.`,
      };
    }
  }
  return { tree, warnings, fatal: null };
}

/** Compiled `depends_on` / `cannot_depend_on` entry. */
interface DepMatcher {
  path: string;
  deprecated: boolean;
  glob: ModuleGlob | null;
}

function compileDeps(list: { path: string; deprecated: boolean }[] | null): DepMatcher[] | null {
  if (list === null) return null;
  return list.map((d) => {
    const path = isRootPath(d.path) ? ROOT : d.path;
    return { path, deprecated: d.deprecated, glob: hasGlobSyntax(path) ? compileModuleGlob(path, 0) : null };
  });
}

function depMatches(d: DepMatcher, target: string): boolean {
  return d.glob !== null ? d.glob.matches(target) : d.path === target;
}

export interface ValidationResult {
  /** Fatal visibility errors: [dependent, dependency, patterns]. */
  visibility: [string, string, string[]][];
  /** Modules in a declared dependency cycle. */
  cycles: string[];
}

/** Configuration-level validations (§3.10): visibility of declared deps, declared cycles. */
export function validateTree(tree: ModuleTree, config: ProjectConfig): ValidationResult {
  const visibility: [string, string, string[]][] = [];
  for (const m of tree.modules()) {
    for (const d of m.config.depends_on ?? []) {
      if (hasGlobSyntax(d.path)) continue;
      const target = isRootPath(d.path) ? tree.root : tree.byPath.get(d.path);
      const vis = target?.config.visibility;
      if (target === undefined || vis === null || vis === undefined) continue;
      if (!vis.some((v) => compileVisibilityGlob(v).matches(m.path))) visibility.push([m.path, target.path, vis]);
    }
  }
  const cycles: string[] = [];
  if (config.forbid_circular_dependencies) {
    // Tarjan's SCC over the declared depends_on strings (globs are literal nodes, as in Tach).
    const graph = new Map<string, string[]>();
    for (const m of tree.modules()) {
      if (m.implicit) continue;
      graph.set(
        m.path,
        (m.config.depends_on ?? []).map((d) => (isRootPath(d.path) ? ROOT : d.path)),
      );
    }
    let index = 0;
    const idx = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const on = new Set<string>();
    const strong = (v: string) => {
      idx.set(v, index);
      low.set(v, index++);
      stack.push(v);
      on.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!idx.has(w)) {
          strong(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
      if (low.get(v) === idx.get(v)) {
        const comp: string[] = [];
        for (;;) {
          const w = stack.pop()!;
          on.delete(w);
          comp.push(w);
          if (w === v) break;
        }
        if (comp.length > 1) cycles.push(...comp);
      }
    };
    for (const v of [...graph.keys()].sort()) if (!idx.has(v)) strong(v);
    cycles.sort();
  }
  return { visibility, cycles };
}

export interface CheckOptions {
  dependencies: boolean;
  interfaces: boolean;
  exact: boolean;
  /** quarry's parser, for `data_types = "primitive"` (loaded by the caller only when needed). */
  parse?: ParseFn | undefined;
}

export interface CheckResult {
  diagnostics: Diagnostic[];
  /** `--exact`: module -> declared dependencies never used. */
  unused: [string, string[]][];
  /** module -> module edges actually used (for `graph`). */
  edges: Map<string, Map<string, number>>;
  firstPartyImports: number;
}

interface CompiledModule {
  node: ModuleNode;
  depends: DepMatcher[] | null;
  cannot: DepMatcher[] | null;
}

interface CompiledInterface {
  cfg: InterfaceConfig;
  from: RegExp[];
  expose: RegExp[];
}

/**
 * Runs the Tach rules over every file. `extract` returns the import data of a file (possibly
 * cached); it is called once per checked file.
 */
export function checkTach(
  project: Project,
  config: ProjectConfig,
  tree: ModuleTree,
  options: CheckOptions,
  extract: (file: SourceFile) => ExtractResult | null,
): CheckResult {
  const out: Diagnostic[] = [];
  const edges = new Map<string, Map<string, number>>();
  const compiled = new Map<ModuleNode, CompiledModule>();
  const comp = (n: ModuleNode): CompiledModule => {
    let c = compiled.get(n);
    if (c === undefined) {
      c = { node: n, depends: compileDeps(n.config.depends_on), cannot: compileDeps(n.config.cannot_depend_on) };
      compiled.set(n, c);
    }
    return c;
  };
  const layerIndex = new Map(config.layers.map((l, i) => [l.name, i]));
  const interfaces: CompiledInterface[] = config.interfaces.map((cfg) => ({
    cfg,
    from: cfg.from.map(compileAnchoredRegex).filter((r): r is RegExp => r !== null),
    expose: cfg.expose.map(compileAnchoredRegex).filter((r): r is RegExp => r !== null),
  }));
  const detected = new Map<string, Set<string>>(); // for --exact
  const primitiveBodies = new Map<string, PlainNode[] | null>(); // data_types = "primitive"
  const unknownLayers = new Map<string, { file: string; line: number }>(); // layer -> a module using it
  let firstParty = 0;

  const display = (n: ModuleNode) => n.path;

  // Per dependency string: its resolution, that file's package root and the dependency's module
  // (one lookup for every file importing it, instead of a resolution, a package-root lookup and
  // a walk up the dotted path each time).
  const targets = new Map<string, { resolved: Resolved | null; pkg: string | null; T: ModuleNode | null }>();
  const target = (dependency: string) => {
    let t = targets.get(dependency);
    if (t === undefined) {
      const resolved = project.resolve(dependency);
      t =
        resolved === null
          ? { resolved, pkg: null, T: null }
          : { resolved, pkg: project.packageRoot(resolved.root), T: tree.nearest(dependency) };
      targets.set(dependency, t);
    }
    return t;
  };

  // §3.7. Returns a diagnostic, or null when allowed. `detect` collects pairs for --exact.
  const checkDependency = (S: ModuleNode, T: ModuleNode, dependency: string): CodeDetails | null => {
    if (T === tree.root && config.root_module === "ignore") return null;
    if (T === S) return null;
    const sc = comp(S);
    const sl = S.config.layer;
    const tl = T.config.layer;
    let layerSaysOk = false;
    if (sl !== null && tl !== null) {
      const si = layerIndex.get(sl);
      const ti = layerIndex.get(tl);
      if (si === undefined || ti === undefined) {
        if (si === undefined && !unknownLayers.has(sl)) unknownLayers.set(sl, S.config.origin);
        if (ti === undefined && !unknownLayers.has(tl)) unknownLayers.set(tl, T.config.origin);
        return null;
      }
      if (si < ti) {
        for (let k = si + 1; k < ti; k++) {
          if (config.layers[k]!.closed) {
            return {
              kind: "ClosedLayerViolation",
              dependency,
              usage_module: display(S),
              usage_layer: sl,
              definition_module: display(T),
              definition_layer: tl,
              closed_layer: config.layers[k]!.name,
            };
          }
        }
        if (!(config.layers_explicit_depends_on && !T.config.utility)) layerSaysOk = true;
      } else if (si > ti) {
        // --exact: a run with every depends_on = [] would report this pair too.
        if (options.exact) {
          let set = detected.get(S.path);
          if (set === undefined) detected.set(S.path, (set = new Set()));
          set.add(T.path);
        }
        return {
          kind: "LayerViolation",
          dependency,
          usage_module: display(S),
          usage_layer: sl,
          definition_module: display(T),
          definition_layer: tl,
        };
      }
    } else {
      if (sl !== null && !layerIndex.has(sl) && !unknownLayers.has(sl)) unknownLayers.set(sl, S.config.origin);
      if (tl !== null && !layerIndex.has(tl) && !unknownLayers.has(tl)) unknownLayers.set(tl, T.config.origin);
    }
    // Detection for --exact: what a run with every depends_on = [] would report.
    if (options.exact && !layerSaysOk && (!T.config.utility || (sc.cannot ?? []).some((d) => depMatches(d, T.path)))) {
      let set = detected.get(S.path);
      if (set === undefined) detected.set(S.path, (set = new Set()));
      set.add(T.path);
    }
    if (layerSaysOk) return null; // Tach quirk kept: an allowed layer import skips cannot_depend_on.
    if ((sc.cannot ?? []).some((d) => depMatches(d, T.path))) {
      return { kind: "ForbiddenDependency", dependency, usage_module: display(S), definition_module: display(T) };
    }
    if (sc.depends === null) return null;
    if (T.config.utility) return null;
    const entry = sc.depends.find((d) => depMatches(d, T.path));
    if (entry === undefined) return { kind: "UndeclaredDependency", dependency, usage_module: display(S), definition_module: display(T) };
    if (entry.deprecated) return { kind: "DeprecatedDependency", dependency, usage_module: display(S), definition_module: display(T) };
    return null;
  };

  // §3.8.
  const checkInterface = (S: ModuleNode, T: ModuleNode, dependency: string): CodeDetails | null => {
    if (T === S || (T === tree.root && config.root_module === "ignore")) return null;
    const tpath = T === tree.root ? "" : T.path;
    if (!dependency.startsWith(tpath + ".") || tpath === "") return null;
    const member = dependency.slice(tpath.length + 1);
    let candidates = interfaces.filter(
      (it) => it.from.some((r) => r.test(T.path)) && (it.cfg.visibility === null || it.cfg.visibility.includes(S.path)),
    );
    const exclusive = candidates.find((c) => c.cfg.exclusive);
    if (exclusive !== undefined) candidates = [exclusive];
    if (candidates.length === 0) return null;
    const matching = candidates.filter((c) => c.expose.some((r) => r.test(member)));
    if (matching.length === 0) return { kind: "PrivateDependency", dependency, definition_module: T.path, usage_module: S.path };
    if (matching.every((c) => c.cfg.data_types === "primitive")) {
      const ok = options.parse === undefined || primitiveCheck(project, primitiveBodies, T, member, options.parse);
      if (!ok)
        return {
          kind: "InvalidDataTypeExport",
          dependency,
          definition_module: T.path,
          usage_module: S.path,
          expected_data_type: "primitive",
        };
    }
    return null;
  };

  for (const file of project.files) {
    const S = tree.nearest(file.module === "." ? "" : file.module);
    if (S.config.unchecked || (S === tree.root && config.root_module === "ignore")) {
      // Tach 0.35 reads no imports here, but it still reads the file's `# tach-ignore`
      // directives and reports each one (unused; missing reason), so quarry does too.
      const bytes = project.host.readFile(file.path);
      if (bytes === null || !containsTachIgnore(bytes)) continue;
      const data = extract(file);
      if (data !== null) applyDirectives(out, file, data.directives, new Set(), config);
      continue;
    }
    const data = extract(file);
    if (data === null) {
      out.push({
        severity: "Warning",
        file: null,
        line: 0,
        originalLine: 0,
        details: { config: { kind: "SkippedFileIoError", file_path: relToRoot(file) } },
        at: { file: file.rel, line: 1, col: 1 },
      });
      continue;
    }
    if (data.error !== null) {
      out.push({
        severity: "Error",
        file: null,
        line: 0,
        originalLine: 0,
        details: { config: { kind: "SkippedFileSyntaxError", file_path: relToRoot(file) } },
        at: { file: file.rel, line: Math.max(1, data.error.line), col: Math.max(1, data.error.col) },
      });
      continue;
    }
    const fileDiags: Diagnostic[] = [];
    // Lines of imports Tach extracts but leaves out (not first-party, or in another package):
    // Tach drops the directives that target them.
    const irrelevantLines = new Set<number>();
    const pkgRoot = project.packageRoot(file.root);
    const consider = (
      dependency: string,
      line: number,
      originalLine: number,
      local: boolean,
      source: "import" | "string" | "django" = "import",
      col = 1,
    ) => {
      const { resolved, pkg, T } = target(dependency);
      if (resolved === null || T === null || pkg !== pkgRoot) {
        // Tach keeps only string literals that resolve, and never filters Django references.
        if (source === "import" || (source === "string" && resolved !== null)) {
          irrelevantLines.add(line);
          irrelevantLines.add(originalLine);
        }
        return;
      }
      firstParty++;
      if (T !== S) {
        let m = edges.get(S.path);
        if (m === undefined) edges.set(S.path, (m = new Map()));
        m.set(T.path, (m.get(T.path) ?? 0) + 1);
      }
      const push = (d: CodeDetails | null) => {
        if (d === null) return;
        const severity = d.kind === "DeprecatedDependency" ? "Warning" : "Error";
        fileDiags.push({ severity, file: file.rel, line, originalLine, details: { code: d }, local, col });
      };
      if (options.dependencies) push(checkDependency(S, T, dependency));
      if (options.interfaces) push(checkInterface(S, T, dependency));
    };
    for (const imp of data.imports) {
      if (imp.typeChecking && config.ignore_type_checking_imports) continue;
      const local = imp.scope !== "module";
      if (imp.kind === "import") {
        for (const n of imp.names) consider(n.name, n.line, imp.line, local, "import", n.col + 1);
        continue;
      }
      const base = resolveRelative(file.module === "." ? "" : file.module, file.isInit, imp.level, imp.module);
      if (base === null) continue;
      for (const n of imp.names) {
        if (n.name === "*") {
          if (base !== "") consider(base, n.line, imp.line, local, "import", n.col + 1);
          continue;
        }
        if (base === "" && imp.level > 0) continue; // `from . import x` with nothing left
        consider(base === "" ? n.name : `${base}.${n.name}`, n.line, imp.line, local, "import", n.col + 1);
      }
    }
    for (const s of data.strings) consider(s.value, s.line, s.line, false, "string");
    // A Django reference that is also a string import is one dependency, not two.
    const seenStrings = new Set(data.strings.map((s) => `${s.line}:${s.value}`));
    for (const s of data.django) if (!seenStrings.has(`${s.line}:${s.value}`)) consider(s.value, s.line, s.line, false, "django");
    out.push(...applyLocalRule(fileDiags, config.rules.local_imports));
    applyDirectives(out, file, data.directives, irrelevantLines, config);
  }

  // Directive application needs the file's diagnostics; applyDirectives works on the tail of `out`.
  for (const [layer, origin] of unknownLayers) {
    out.push({
      severity: "Error",
      file: null,
      line: 0,
      originalLine: 0,
      details: { config: { kind: "UnknownLayer", layer } },
      at: { file: origin.file, line: Math.max(1, origin.line), col: 1 },
    });
  }
  if (firstParty === 0 && project.files.length > 0) {
    out.push({
      severity: "Warning",
      file: null,
      line: 0,
      originalLine: 0,
      details: { config: { kind: "NoFirstPartyImportsFound" } },
      at: { file: config.file, line: 1, col: 1 },
    });
  }

  const unused: [string, string[]][] = [];
  if (options.exact) {
    for (const n of tree.modules()) {
      if (n.implicit || n.fromGlob || n.config.depends_on === null || hasGlobSyntax(n.path)) continue;
      const got = detected.get(n.path) ?? new Set<string>();
      const deps = compileDeps(n.config.depends_on)!;
      const missing = deps.filter((d) => ![...got].some((t) => depMatches(d, t))).map((d) => d.path);
      if (missing.length > 0) unused.push([n.path, missing]);
    }
    // Tach lists them in declaration order: tach.toml's modules, then each domain file's root
    // and modules (glob declarations insert their matches into the tree first).
    unused.sort(([a], [b]) => (tree.declared.get(a) ?? 0) - (tree.declared.get(b) ?? 0));
  }
  return { diagnostics: out, unused, edges, firstPartyImports: firstParty };

  function relToRoot(file: SourceFile): string {
    return file.path.slice(file.root.length + 1);
  }
}

function applyLocalRule(diags: Diagnostic[], sev: Severity): Diagnostic[] {
  if (sev === "error") return diags;
  const out: Diagnostic[] = [];
  for (const d of diags) {
    if (!d.local || d.severity !== "Error") out.push(d);
    else if (sev === "warn") out.push({ ...d, severity: "Warning" });
  }
  return out;
}

/**
 * §3.9, as Tach 0.35 does it. The first directive for a target line is kept; a later one for the
 * same line is "redundant" and always reported unused, after the others. Directives targeting a
 * line with an import Tach leaves out (`irrelevant`) are dropped, and a redundant directive
 * written on such a line too. The kept ones, in target-line order, are each reported when they
 * lack a reason, and claim the unclaimed diagnostics on their target line; one that claims
 * nothing is unused. With `unused_ignore_directives = "off"` Tach claims nothing at all, so no
 * diagnostic is suppressed: quarry copies that (docs/check.md).
 */
function applyDirectives(
  out: Diagnostic[],
  file: SourceFile,
  all: readonly IgnoreDirective[],
  irrelevant: Set<number>,
  config: ProjectConfig,
): void {
  if (all.length === 0) return;
  let firstOfFile = out.length;
  while (firstOfFile > 0 && out[firstOfFile - 1]!.file === file.rel) firstOfFile--;
  const mine = out.splice(firstOfFile);
  const byTarget = new Map<number, IgnoreDirective>();
  let redundant: IgnoreDirective[] = [];
  for (const dir of all) {
    if (byTarget.has(dir.targetLine)) redundant.push(dir);
    else byTarget.set(dir.targetLine, dir);
  }
  for (const line of irrelevant) byTarget.delete(line);
  if (irrelevant.size > 0) redundant = redundant.filter((d) => !irrelevant.has(d.line));
  const unusedRule = config.rules.unused_ignore_directives;
  const reasonRule = config.rules.require_ignore_directive_reasons;
  const claimed = new Set<Diagnostic>();
  const extra: Diagnostic[] = [];
  const directive = (
    line: number,
    severity: "Error" | "Warning",
    kind: "MissingIgnoreDirectiveReason" | "UnusedIgnoreDirective",
  ): Diagnostic => ({
    severity,
    file: file.rel,
    line,
    originalLine: line,
    details: { code: { kind } },
  });
  for (const dir of [...byTarget.values()].sort((a, b) => a.targetLine - b.targetLine)) {
    if ((dir.reason === null || dir.reason === "") && reasonRule !== "off") {
      extra.push(directive(dir.line, reasonRule === "error" ? "Error" : "Warning", "MissingIgnoreDirectiveReason"));
    }
    if (unusedRule === "off") continue;
    let claims = 0;
    for (const d of mine) {
      if (claimed.has(d)) continue;
      if (d.line !== dir.targetLine && d.originalLine !== dir.targetLine) continue;
      if (dir.names.length > 0) {
        const dep = dependencyOf(d);
        if (dep !== null && !dir.names.some((nm) => dep.endsWith(nm))) continue;
      }
      claimed.add(d);
      claims++;
    }
    if (claims === 0) extra.push(directive(dir.line, unusedRule === "error" ? "Error" : "Warning", "UnusedIgnoreDirective"));
  }
  if (unusedRule !== "off") {
    for (const dir of redundant) extra.push(directive(dir.line, unusedRule === "error" ? "Error" : "Warning", "UnusedIgnoreDirective"));
  }
  out.push(...mine.filter((d) => !claimed.has(d)), ...extra);
}

// The bytes of "tach-ignore": Tach reads no directive from a file without them.
const TACH_IGNORE = [0x74, 0x61, 0x63, 0x68, 0x2d, 0x69, 0x67, 0x6e, 0x6f, 0x72, 0x65];

function containsTachIgnore(bytes: Uint8Array): boolean {
  const n = TACH_IGNORE.length;
  outer: for (let i = bytes.indexOf(0x74); i >= 0 && i <= bytes.length - n; i = bytes.indexOf(0x74, i + 1)) {
    for (let k = 1; k < n; k++) if (bytes[i + k] !== TACH_IGNORE[k]) continue outer;
    return true;
  }
  return false;
}

// `data_types = "primitive"` (§1.5): a top-level function must annotate every non-variadic
// parameter and its return with a primitive type name; a variable must be annotated with one.
// Classes pass, and so do names not defined at the top level of the module's own file.
const PRIMITIVES = new Set(["int", "str", "bool", "float", "list", "dict", "tuple"]);

function primitiveCheck(
  project: Project,
  bodies: Map<string, PlainNode[] | null>,
  T: ModuleNode,
  member: string,
  parseFn: ParseFn,
): boolean {
  const resolved = project.resolve(`${T.path}.${member}`);
  if (resolved === null || resolved.member === null || resolved.module !== T.path) return true;
  let body = bodies.get(resolved.file);
  if (body === undefined) {
    const data = project.host.readFile(resolved.file);
    body = data === null ? null : topLevelBody(data, parseFn);
    bodies.set(resolved.file, body);
  }
  return body === null || bodyIsPrimitive(body, resolved.member);
}

interface PlainNode {
  _type: string;
  [field: string]: unknown;
}

function topLevelBody(source: Uint8Array, parseFn: ParseFn): PlainNode[] | null {
  const { tree, error } = parseFn(source);
  return error !== null ? null : ((tree.toJSON() as unknown as PlainNode).body as PlainNode[]);
}

/** Whether top-level `name` in `source` satisfies Tach's primitive data-type rule. */
export function topLevelIsPrimitive(source: Uint8Array, name: string, parseFn: ParseFn): boolean {
  const body = topLevelBody(source, parseFn);
  return body === null || bodyIsPrimitive(body, name);
}

function bodyIsPrimitive(body: PlainNode[], name: string): boolean {
  const isPrim = (ann: unknown) => {
    const a = ann as PlainNode | null | undefined;
    return a !== null && a !== undefined && a._type === "Name" && PRIMITIVES.has(a.id as string);
  };
  let verdict: boolean | null = null;
  for (const st of body) {
    if ((st._type === "FunctionDef" || st._type === "AsyncFunctionDef") && st.name === name) {
      const args = st.args as PlainNode;
      const params = [...(args.posonlyargs as PlainNode[]), ...(args.args as PlainNode[]), ...(args.kwonlyargs as PlainNode[])];
      verdict = params.every((p) => isPrim(p.annotation)) && isPrim(st.returns);
    } else if (st._type === "ClassDef" && st.name === name) verdict = true;
    else if (st._type === "AnnAssign" && (st.target as PlainNode)._type === "Name" && (st.target as PlainNode).id === name) {
      verdict = isPrim(st.annotation);
    } else if (st._type === "Assign" && (st.targets as PlainNode[]).some((t) => t._type === "Name" && t.id === name)) {
      verdict = false;
    }
  }
  return verdict ?? true;
}
