// Tach configuration: `tach.toml`, `[tool.tach]` in pyproject.toml and `tach.domain.toml`, read
// as strictly as Tach 0.35 reads them (unknown keys are errors). Pure: text in, config out.
import { parse as parseToml, TomlError } from "smol-toml";
import { TomlLocator } from "./toml-lines.js";
import { compileAnchoredRegex } from "../project/glob.js";

export type Severity = "error" | "warn" | "off";
export type RootModuleMode = "ignore" | "allow" | "dependenciesonly" | "forbid";

/** Where a config value came from (file relative to the project root, 1-based line). */
export interface Origin {
  file: string;
  line: number;
}

export interface DependencyEntry {
  path: string;
  deprecated: boolean;
}

export interface ModuleConfig {
  path: string;
  depends_on: DependencyEntry[] | null;
  cannot_depend_on: DependencyEntry[] | null;
  depends_on_external: string[] | null;
  cannot_depend_on_external: string[] | null;
  layer: string | null;
  visibility: string[] | null;
  utility: boolean;
  unchecked: boolean;
  /** Deprecated; read, never acted on except for the migration warning. */
  strict: boolean;
  origin: Origin;
}

export interface InterfaceConfig {
  expose: string[];
  from: string[];
  visibility: string[] | null;
  exclusive: boolean;
  data_types: "all" | "primitive";
  origin: Origin;
}

export interface LayerConfig {
  name: string;
  closed: boolean;
}

export interface RulesConfig {
  unused_ignore_directives: Severity;
  require_ignore_directive_reasons: Severity;
  unused_external_dependencies: Severity;
  local_imports: Severity;
}

export interface ProjectConfig {
  modules: ModuleConfig[];
  interfaces: InterfaceConfig[];
  layers: LayerConfig[];
  layers_explicit_depends_on: boolean;
  exclude: string[];
  source_roots: string[];
  exact: boolean;
  ignore_type_checking_imports: boolean;
  include_string_imports: boolean;
  forbid_circular_dependencies: boolean;
  respect_gitignore: boolean | "if_git_repo";
  root_module: RootModuleMode;
  rules: RulesConfig;
  django_settings_module: string | null;
  /** The file the config was read from, relative to the project root. */
  file: string;
}

/** A problem in a config file, with its location (line/col 1-based; 0 when unknown). */
export interface ConfigError {
  file: string;
  line: number;
  col: number;
  message: string;
}

export function formatConfigError(e: ConfigError): string {
  return e.line > 0 ? `${e.file}:${e.line}:${e.col}: ${e.message}` : `${e.file}: ${e.message}`;
}

export function defaultConfig(file: string): ProjectConfig {
  return {
    modules: [],
    interfaces: [],
    layers: [],
    layers_explicit_depends_on: false,
    exclude: [],
    source_roots: ["."],
    exact: false,
    ignore_type_checking_imports: true,
    include_string_imports: false,
    forbid_circular_dependencies: false,
    respect_gitignore: true,
    root_module: "ignore",
    rules: {
      unused_ignore_directives: "warn",
      require_ignore_directive_reasons: "off",
      unused_external_dependencies: "error",
      local_imports: "error",
    },
    django_settings_module: null,
    file,
  };
}

const TOP_KEYS = [
  "modules",
  "interfaces",
  "layers",
  "layers_explicit_depends_on",
  "exclude",
  "source_roots",
  "exact",
  "ignore_type_checking_imports",
  "include_string_imports",
  "forbid_circular_dependencies",
  "respect_gitignore",
  "root_module",
  "rules",
  "cache",
  "external",
  "map",
  "plugins",
];
const MODULE_KEYS = [
  "path",
  "depends_on",
  "cannot_depend_on",
  "depends_on_external",
  "cannot_depend_on_external",
  "layer",
  "visibility",
  "utility",
  "unchecked",
  "strict",
];
const BULK_MODULE_KEYS = ["paths", ...MODULE_KEYS.slice(1)];
const INTERFACE_KEYS = ["expose", "from", "visibility", "exclusive", "data_types"];
const RULE_KEYS = ["unused_ignore_directives", "require_ignore_directive_reasons", "unused_external_dependencies", "local_imports"];
const DOMAIN_ROOT_KEYS = MODULE_KEYS.filter((k) => k !== "path" && k !== "strict");

type Table = Record<string, unknown>;

function isTable(v: unknown): v is Table {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Shared validation state: the file, its locator, the errors found so far. */
class Reader {
  readonly errors: ConfigError[] = [];
  readonly file: string;
  readonly loc: TomlLocator;
  constructor(file: string, loc: TomlLocator) {
    this.file = file;
    this.loc = loc;
  }

  error(table: string, key: string, message: string): void {
    const at = this.loc.keyLocation(table, key);
    this.errors.push({ file: this.file, line: at.line, col: at.col, message });
  }

  /** Reports keys of `t` not in `allowed`, serde style. */
  denyUnknown(t: Table, table: string, allowed: readonly string[]): void {
    for (const k of Object.keys(t)) {
      if (!allowed.includes(k)) {
        this.error(table, k, `unknown field \`${k}\`, expected one of ${allowed.map((a) => `\`${a}\``).join(", ")}`);
      }
    }
  }

  bool(t: Table, table: string, key: string, dflt: boolean): boolean {
    const v = t[key];
    if (v === undefined) return dflt;
    if (typeof v !== "boolean") {
      this.error(table, key, `invalid type for \`${key}\`: expected a boolean`);
      return dflt;
    }
    return v;
  }

  str(t: Table, table: string, key: string): string | null {
    const v = t[key];
    if (v === undefined) return null;
    if (typeof v !== "string") {
      this.error(table, key, `invalid type for \`${key}\`: expected a string`);
      return null;
    }
    return v;
  }

  strList(t: Table, table: string, key: string): string[] | null {
    const v = t[key];
    if (v === undefined) return null;
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
      this.error(table, key, `invalid type for \`${key}\`: expected an array of strings`);
      return null;
    }
    return v as string[];
  }

  oneOf<T extends string>(t: Table, table: string, key: string, values: readonly T[], dflt: T): T {
    const v = t[key];
    if (v === undefined) return dflt;
    if (typeof v !== "string" || !(values as readonly string[]).includes(v)) {
      this.error(
        table,
        key,
        `invalid value for \`${key}\`: ${JSON.stringify(v)}, expected one of ${values.map((x) => `\`${x}\``).join(", ")}`,
      );
      return dflt;
    }
    return v as T;
  }

  deps(t: Table, table: string, key: string): DependencyEntry[] | null {
    const v = t[key];
    if (v === undefined) return null;
    if (!Array.isArray(v)) {
      this.error(table, key, `invalid type for \`${key}\`: expected an array`);
      return null;
    }
    const out: DependencyEntry[] = [];
    v.forEach((item, i) => {
      if (typeof item === "string") out.push({ path: item, deprecated: false });
      else if (isTable(item)) {
        this.denyUnknown(item, `${table}.${key}.${i}`, ["path", "deprecated"]);
        const path = item.path;
        if (typeof path !== "string") {
          this.error(table, key, `invalid entry in \`${key}\`: missing field \`path\``);
          return;
        }
        out.push({ path, deprecated: this.bool(item, `${table}.${key}.${i}`, "deprecated", false) });
      } else this.error(table, key, `invalid entry in \`${key}\`: expected a string or { path, deprecated }`);
    });
    return out;
  }
}

export interface ParseResult<T> {
  value: T | null;
  errors: ConfigError[];
}

/** Parses TOML text, turning a syntax error into a located ConfigError. */
export function parseTomlText(text: string, file: string): ParseResult<Table> {
  try {
    return { value: parseToml(text) as Table, errors: [] };
  } catch (e) {
    if (e instanceof TomlError) {
      const first = e.message.split("\n")[0]!.replace(/^Invalid TOML document: /, "");
      return { value: null, errors: [{ file, line: e.line, col: e.column, message: `TOML parse error: ${first}` }] };
    }
    return { value: null, errors: [{ file, line: 0, col: 0, message: `TOML parse error: ${String(e)}` }] };
  }
}

/**
 * Reads a Tach project config. `prefix` is `""` for tach.toml and `"tool.tach"` for pyproject.toml.
 * Never throws: every problem is a ConfigError with a position.
 */
export function readTachConfig(text: string, file: string, prefix: "" | "tool.tach"): ParseResult<ProjectConfig> {
  const parsed = parseTomlText(text, file);
  if (parsed.value === null) return { value: null, errors: parsed.errors };
  let root: unknown = parsed.value;
  if (prefix !== "") {
    root = (parsed.value.tool as Table | undefined)?.tach;
    if (!isTable(root)) return { value: null, errors: [{ file, line: 0, col: 0, message: "no [tool.tach] table" }] };
  }
  const r = new Reader(file, new TomlLocator(text));
  const cfg = readProject(r, root as Table, prefix);
  return { value: r.errors.length === 0 ? cfg : null, errors: sortErrors(r.errors) };
}

function sub(prefix: string, key: string): string {
  return prefix === "" ? key : `${prefix}.${key}`;
}

function readProject(r: Reader, t: Table, prefix: string): ProjectConfig {
  const cfg = defaultConfig(r.file);
  r.denyUnknown(t, prefix, TOP_KEYS);
  cfg.layers_explicit_depends_on = r.bool(t, prefix, "layers_explicit_depends_on", false);
  cfg.exclude = r.strList(t, prefix, "exclude") ?? [];
  cfg.source_roots = r.strList(t, prefix, "source_roots") ?? ["."];
  cfg.exact = r.bool(t, prefix, "exact", false);
  cfg.ignore_type_checking_imports = r.bool(t, prefix, "ignore_type_checking_imports", true);
  cfg.include_string_imports = r.bool(t, prefix, "include_string_imports", false);
  cfg.forbid_circular_dependencies = r.bool(t, prefix, "forbid_circular_dependencies", false);
  const rg = t.respect_gitignore;
  if (rg === undefined || typeof rg === "boolean") cfg.respect_gitignore = rg ?? true;
  else if (rg === "if_git_repo") cfg.respect_gitignore = "if_git_repo";
  else r.error(prefix, "respect_gitignore", 'invalid value for `respect_gitignore`: expected true, false or "if_git_repo"');
  cfg.root_module = r.oneOf(t, prefix, "root_module", ["ignore", "allow", "dependenciesonly", "forbid"] as const, "ignore");

  const layers = t.layers;
  if (layers !== undefined) {
    if (!Array.isArray(layers)) r.error(prefix, "layers", "invalid type for `layers`: expected an array");
    else
      layers.forEach((l, i) => {
        if (typeof l === "string") cfg.layers.push({ name: l, closed: false });
        else if (isTable(l) && typeof l.name === "string") {
          r.denyUnknown(l, `${sub(prefix, "layers")}.${i}`, ["name", "closed"]);
          cfg.layers.push({ name: l.name, closed: l.closed === true });
        } else r.error(prefix, "layers", "invalid entry in `layers`: expected a name or { name, closed }");
      });
  }

  const rules = t.rules;
  if (rules !== undefined) {
    const rt = sub(prefix, "rules");
    if (!isTable(rules)) r.error(prefix, "rules", "invalid type for `rules`: expected a table");
    else {
      r.denyUnknown(rules, rt, RULE_KEYS);
      for (const k of RULE_KEYS as (keyof RulesConfig)[]) {
        cfg.rules[k] = r.oneOf(rules, rt, k, ["error", "warn", "off"] as const, cfg.rules[k]);
      }
    }
  }

  const plugins = t.plugins;
  if (plugins !== undefined) {
    const pt = sub(prefix, "plugins");
    if (!isTable(plugins)) r.error(prefix, "plugins", "invalid type for `plugins`: expected a table");
    else {
      r.denyUnknown(plugins, pt, ["django"]);
      const dj = plugins.django;
      if (isTable(dj)) {
        r.denyUnknown(dj, `${pt}.django`, ["settings_module"]);
        cfg.django_settings_module = r.str(dj, `${pt}.django`, "settings_module");
      } else if (dj !== undefined) r.error(pt, "django", "invalid type for `django`: expected a table");
    }
  }
  // [cache], [external] and [map] belong to other commands; check their shape only.
  checkTableKeys(r, t, prefix, "cache", ["file_dependencies", "env_dependencies", "backend"]);
  checkTableKeys(r, t, prefix, "external", ["exclude", "rename"]);
  checkTableKeys(r, t, prefix, "map", ["extra_dependencies"]);

  cfg.modules = readModules(r, t.modules, sub(prefix, "modules"), (p) => p);
  cfg.interfaces = readInterfaces(r, t.interfaces, sub(prefix, "interfaces"), (p) => p);
  return cfg;
}

function checkTableKeys(r: Reader, t: Table, prefix: string, key: string, allowed: string[]): void {
  const v = t[key];
  if (v === undefined) return;
  if (!isTable(v)) r.error(prefix, key, `invalid type for \`${key}\`: expected a table`);
  else r.denyUnknown(v, sub(prefix, key), allowed);
}

type Resolve = (p: string) => string;

function readModuleBody(r: Reader, m: Table, table: string, path: string, resolve: Resolve, line: number): ModuleConfig {
  const resolveDeps = (d: DependencyEntry[] | null) => d?.map((e) => ({ path: resolve(e.path), deprecated: e.deprecated })) ?? null;
  return {
    path,
    depends_on: resolveDeps(r.deps(m, table, "depends_on")),
    cannot_depend_on: resolveDeps(r.deps(m, table, "cannot_depend_on")),
    depends_on_external: r.strList(m, table, "depends_on_external"),
    cannot_depend_on_external: r.strList(m, table, "cannot_depend_on_external"),
    layer: r.str(m, table, "layer"),
    visibility: r.strList(m, table, "visibility")?.map(resolve) ?? null,
    utility: r.bool(m, table, "utility", false),
    unchecked: r.bool(m, table, "unchecked", false),
    strict: r.bool(m, table, "strict", false),
    origin: { file: r.file, line },
  };
}

function readModules(r: Reader, v: unknown, table: string, resolvePath: Resolve, resolveDep: Resolve = resolvePath): ModuleConfig[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    r.error(table.split(".").slice(0, -1).join("."), table.split(".").pop()!, "invalid type for `modules`: expected an array of tables");
    return [];
  }
  const out: ModuleConfig[] = [];
  v.forEach((m, i) => {
    const mt = `${table}.${i}`;
    const line = r.loc.tableLine(mt) ?? 0;
    if (!isTable(m)) {
      r.errors.push({ file: r.file, line, col: 1, message: "invalid module entry: expected a table" });
      return;
    }
    // Tach's bulk (`paths`) form does not deny unknown fields; we do (see docs/check.md).
    if (m.paths !== undefined && m.path === undefined) {
      r.denyUnknown(m, mt, BULK_MODULE_KEYS);
      const paths = r.strList(m, mt, "paths") ?? [];
      for (const p of paths) out.push(readModuleBody(r, m, mt, resolvePath(p), resolveDep, line));
      return;
    }
    r.denyUnknown(m, mt, MODULE_KEYS);
    const path = m.path;
    if (path !== undefined && typeof path !== "string") {
      r.error(mt, "path", "invalid type for `path`: expected a string");
      return;
    }
    if (typeof path !== "string") {
      r.errors.push({ file: r.file, line, col: 1, message: "module entry is missing field `path` (or `paths`)" });
      return;
    }
    out.push(readModuleBody(r, m, mt, resolvePath(path), resolveDep, line));
  });
  return out;
}

function readInterfaces(
  r: Reader,
  v: unknown,
  table: string,
  resolveFrom: Resolve,
  resolveVisibility: Resolve = (p) => p,
): InterfaceConfig[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    r.error(table.split(".").slice(0, -1).join("."), table.split(".").pop()!, "invalid type for `interfaces`: expected an array of tables");
    return [];
  }
  const out: InterfaceConfig[] = [];
  v.forEach((it, i) => {
    const t = `${table}.${i}`;
    const line = r.loc.tableLine(t) ?? 0;
    if (!isTable(it)) {
      r.errors.push({ file: r.file, line, col: 1, message: "invalid interface entry: expected a table" });
      return;
    }
    r.denyUnknown(it, t, INTERFACE_KEYS);
    const expose = r.strList(it, t, "expose");
    if (expose === null && it.expose === undefined) {
      r.errors.push({ file: r.file, line, col: 1, message: "interface entry is missing field `expose`" });
    }
    const from = r.strList(it, t, "from") ?? [".*"];
    // Tach compiles each pattern as `^pattern$` and panics on a bad one; quarry reports it.
    for (const [key, list] of [
      ["expose", expose ?? []],
      ["from", from],
    ] as const) {
      for (const p of list) {
        if (compileAnchoredRegex(p) === null) r.error(t, key, `invalid regular expression in \`${key}\`: ${JSON.stringify(p)}`);
      }
    }
    out.push({
      expose: expose ?? [],
      from: from.map(resolveFrom),
      // In a domain file, visibility entries resolve like depends_on (`//x` absolute, else relative).
      visibility: r.strList(it, t, "visibility")?.map(resolveVisibility) ?? null,
      exclusive: r.bool(it, t, "exclusive", false),
      data_types: r.oneOf(it, t, "data_types", ["all", "primitive"] as const, "all"),
      origin: { file: r.file, line },
    });
  });
  return out;
}

/** The modules and interfaces a `tach.domain.toml` contributes, resolved against its domain path. */
export interface DomainConfig {
  modules: ModuleConfig[];
  interfaces: InterfaceConfig[];
}

/**
 * Reads a `tach.domain.toml` whose directory is the module `domain` (dotted). Names resolve as in
 * Tach: `//x` is absolute, `<domain_root>` is the domain itself, anything else is `domain.x`.
 */
export function readDomainConfig(text: string, file: string, domain: string): ParseResult<DomainConfig> {
  const parsed = parseTomlText(text, file);
  if (parsed.value === null) return { value: null, errors: parsed.errors };
  const r = new Reader(file, new TomlLocator(text));
  const t = parsed.value;
  r.denyUnknown(t, "", ["root", "modules", "interfaces"]);
  const resolve: Resolve = (p) =>
    p.startsWith("//") ? p.slice(2) : p === "<domain_root>" ? domain : domain === "" || domain === "." ? p : `${domain}.${p}`;
  const resolveFrom: Resolve = (p) => (p === "<domain_root>" ? domain : `${domain}.${p}`);
  const modules: ModuleConfig[] = [];
  const root = t.root;
  if (root !== undefined) {
    if (!isTable(root)) r.error("", "root", "invalid type for `root`: expected a table");
    else {
      r.denyUnknown(root, "root", DOMAIN_ROOT_KEYS);
      // A domain file at the top of a source root describes the root module itself.
      modules.push(readModuleBody(r, root, "root", domain === "" ? "<root>" : domain, resolve, r.loc.tableLine("root") ?? 0));
    }
  }
  // Module paths are always relative to the domain (a leading `//` is not meaningful there).
  modules.push(...readModules(r, t.modules, "modules", (p) => (domain === "" ? p : `${domain}.${p}`), resolve));
  const interfaces = readInterfaces(r, t.interfaces, "interfaces", resolveFrom, resolve);
  return { value: r.errors.length === 0 ? { modules, interfaces } : null, errors: sortErrors(r.errors) };
}

function sortErrors(errors: ConfigError[]): ConfigError[] {
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.line - b.e.line || a.e.col - b.e.col || a.i - b.i)
    .map((x) => x.e);
}
