// import-linter (2.12) configuration: `[importlinter]` in setup.cfg / .importlinter (INI) or
// `[tool.importlinter]` in pyproject.toml. Text in, contracts out; problems come back located.
import { parseIni, iniValue } from "./ini.js";
import { parseTomlText, type ConfigError } from "./tach.js";
import { TomlLocator } from "./toml-lines.js";

export type Alerting = "error" | "warn" | "none";

/** One layer line: one or more sibling modules; `independent` for `a | b`, not for `a : b`. */
export interface LayerLine {
  modules: { name: string; optional: boolean }[];
  independent: boolean;
}

interface ContractCommon {
  id: string;
  name: string;
  /** Text shown after a broken contract's violations (import-linter 2.12). */
  broken_contract_guidance: string | null;
  ignore_imports: string[];
  unmatched_ignore_imports_alerting: Alerting;
  line: number;
}

export type Contract =
  | (ContractCommon & {
      type: "forbidden";
      source_modules: string[];
      forbidden_modules: string[];
      allow_indirect_imports: boolean;
      as_packages: boolean;
    })
  | (ContractCommon & {
      type: "layers";
      layers: LayerLine[];
      containers: string[];
      exhaustive: boolean;
      exhaustive_ignores: string[];
    })
  | (ContractCommon & { type: "independence"; modules: string[] })
  | (ContractCommon & { type: "protected"; protected_modules: string[]; allowed_importers: string[]; as_packages: boolean })
  | (ContractCommon & { type: "acyclic_siblings"; ancestors: string[]; depth: number; skip_descendants: string[] });

export interface ImportLinterConfig {
  file: string;
  root_packages: string[];
  include_external_packages: boolean;
  exclude_type_checking_imports: boolean;
  contracts: Contract[];
  /** Names declared in `contract_types` (custom classes, which quarry cannot run). */
  custom_types: string[];
  /** Contracts that failed validation: `field: message` lines each. */
  invalid: { id: string; name: string; line: number; problems: string[] }[];
}

type Raw = Record<string, unknown>;

function asList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map(String);
  const s = String(v).trim();
  return s === "" ? [] : [s];
}

// lint-imports' BooleanField for contract options: one value, `true` or `false` in any case.
// Session options are read by lint-imports as `value in ("True", "true")`, anything else being
// false; quarry takes the same spellings of true and false and reports any other value.
function asBool(v: unknown, dflt: boolean, problems: string[], key: string, session = false): boolean {
  if (v === undefined) return dflt;
  if (typeof v === "boolean") return v;
  if (Array.isArray(v)) {
    problems.push(`${key}: Expected a single value, got multiple values.`);
    return dflt;
  }
  const raw = String(v).trim();
  const s = session ? raw : raw.toLowerCase();
  if (s === "true" || (session && s === "True")) return true;
  if (s === "false" || (session && s === "False")) return false;
  problems.push(`${key}: Could not parse a boolean from '${raw}'.`);
  return dflt;
}

const COMMON = ["name", "type", "id", "ignore_imports", "unmatched_ignore_imports_alerting", "broken_contract_guidance"];
const FIELDS: Record<string, string[]> = {
  forbidden: ["source_modules", "forbidden_modules", "allow_indirect_imports", "as_packages", "include_external_packages"],
  layers: ["layers", "containers", "exhaustive", "exhaustive_ignores"],
  independence: ["modules"],
  protected: ["protected_modules", "allowed_importers", "as_packages"],
  acyclic_siblings: ["ancestors", "depth", "skip_descendants"],
};
const REQUIRED: Record<string, string[]> = {
  forbidden: ["source_modules", "forbidden_modules"],
  layers: ["layers"],
  independence: ["modules"],
  protected: ["protected_modules", "allowed_importers"],
  acyclic_siblings: ["ancestors"],
};

function parseLayerLine(s: string): LayerLine | string {
  const hasBar = s.includes("|");
  const hasColon = s.includes(":");
  if (hasBar && hasColon) return "Layer cannot have a mixture of independent and non-independent elements.";
  const parts = s.split(hasBar ? "|" : ":").map((p) => p.trim());
  const modules = parts.map((p) => {
    const optional = p.startsWith("(") && p.endsWith(")");
    return { name: optional ? p.slice(1, -1).trim() : p, optional };
  });
  return { modules, independent: !hasColon };
}

// lint-imports' fields per contract type, in the order it validates (and reports) them.
const FIELD_ORDER: Record<string, string[]> = {
  forbidden: [
    "source_modules",
    "forbidden_modules",
    "ignore_imports",
    "allow_indirect_imports",
    "unmatched_ignore_imports_alerting",
    "as_packages",
  ],
  layers: ["layers", "containers", "ignore_imports", "unmatched_ignore_imports_alerting", "exhaustive", "exhaustive_ignores"],
  independence: ["modules", "ignore_imports", "unmatched_ignore_imports_alerting"],
  protected: ["protected_modules", "allowed_importers", "ignore_imports", "unmatched_ignore_imports_alerting", "as_packages"],
  acyclic_siblings: ["ancestors", "depth", "skip_descendants", "ignore_imports", "unmatched_ignore_imports_alerting"],
};
const EXPRESSION_FIELDS = new Set([
  "source_modules",
  "forbidden_modules",
  "containers",
  "modules",
  "protected_modules",
  "allowed_importers",
  "ancestors",
  "skip_descendants",
]);

/** lint-imports' ModuleExpressionField check: the problem with `expr`, or null. */
export function moduleExpressionProblem(expr: string): string | null {
  let last: string | null = null;
  for (const part of expr.split(".")) {
    if (last === "**" && (part === "*" || part === "**")) return "A recursive wildcard cannot be followed by a wildcard.";
    if (last === "*" && part === "**") return "A wildcard cannot be followed by a recursive wildcard.";
    if (part === "*" || part === "**") {
      last = part;
      continue;
    }
    if (part.includes("*")) return "A wildcard can only replace a whole module.";
    last = null;
  }
  return null;
}

/** lint-imports' ImportExpressionField check: the problem with `expr`, or null. */
export function importExpressionProblem(expr: string): string | null {
  const at = expr.indexOf("->");
  const importer = (at < 0 ? expr : expr.slice(0, at)).trim();
  const imported = (at < 0 ? "" : expr.slice(at + 2)).trim();
  if (importer === "" || imported === "") return 'Must be in the form "package.importer -> package.imported".';
  return moduleExpressionProblem(importer) ?? moduleExpressionProblem(imported);
}

function buildContract(id: string, raw: Raw, line: number, cfg: ImportLinterConfig): void {
  const name = String(raw.name ?? id);
  const type = String(raw.type ?? "");
  // A custom type is reported once, at `contract_types` (readTop), not per contract.
  if (cfg.custom_types.includes(type)) return;
  if (!(type in FIELDS)) {
    const problems = [raw.type === undefined ? "type: This is a required field." : `type: Unknown contract type '${type}'.`];
    if (raw.name === undefined) problems.unshift("name: This is a required field.");
    cfg.invalid.push({ id, name, line, problems });
    return;
  }
  // One message per field, the first found, reported in lint-imports' field order.
  const byField = new Map<string, string>();
  const fail = (field: string, msg: string) => {
    if (!byField.has(field)) byField.set(field, msg);
  };
  const problems: string[] = [];
  const collect = (msgs: string[]) => {
    for (const m of msgs) {
      const k = m.slice(0, m.indexOf(":"));
      fail(k, m.slice(k.length + 2));
    }
  };
  if (raw.name === undefined) problems.push("name: This is a required field.");
  for (const k of Object.keys(raw)) {
    if (!COMMON.includes(k) && !FIELDS[type]!.includes(k)) problems.push(`${k}: Unknown field for a ${type} contract.`);
  }
  for (const k of REQUIRED[type]!) if (raw[k] === undefined) fail(k, "This is a required field.");
  for (const k of EXPRESSION_FIELDS) {
    if (raw[k] === undefined || !FIELDS[type]!.includes(k)) continue;
    for (const e of asList(raw[k])) {
      if (e.trim() === "") continue;
      const p = moduleExpressionProblem(e.trim());
      if (p !== null) fail(k, p);
    }
  }
  for (const e of asList(raw.ignore_imports)) {
    if (e.trim() === "") continue;
    const p = importExpressionProblem(e);
    if (p !== null) fail("ignore_imports", p);
  }
  const rawAlerting = String(raw.unmatched_ignore_imports_alerting ?? "error").trim();
  const alerting = (rawAlerting === "" ? "error" : rawAlerting) as Alerting;
  if (!["error", "warn", "none"].includes(alerting)) {
    fail("unmatched_ignore_imports_alerting", `Invalid value '${alerting}': expected 'error', 'warn' or 'none'.`);
  }
  const common: ContractCommon = {
    id,
    name,
    ignore_imports: asList(raw.ignore_imports).filter((e) => e.trim() !== ""),
    unmatched_ignore_imports_alerting: alerting,
    broken_contract_guidance: raw.broken_contract_guidance === undefined ? null : asList(raw.broken_contract_guidance).join("\n"),
    line,
  };
  const boolProblems: string[] = [];
  let c: Contract | null = null;
  switch (type) {
    case "forbidden":
      c = {
        ...common,
        type,
        source_modules: asList(raw.source_modules),
        forbidden_modules: asList(raw.forbidden_modules),
        allow_indirect_imports: asBool(raw.allow_indirect_imports, false, boolProblems, "allow_indirect_imports"),
        as_packages: asBool(raw.as_packages, true, boolProblems, "as_packages"),
      };
      break;
    case "layers": {
      const layers: LayerLine[] = [];
      for (const l of asList(raw.layers)) {
        const parsed = parseLayerLine(l);
        if (typeof parsed === "string") fail("layers", parsed);
        else layers.push(parsed);
      }
      const exhaustive = asBool(raw.exhaustive, false, boolProblems, "exhaustive");
      const containers = asList(raw.containers);
      c = { ...common, type, layers, containers, exhaustive, exhaustive_ignores: asList(raw.exhaustive_ignores) };
      break;
    }
    case "independence":
      c = { ...common, type, modules: asList(raw.modules) };
      break;
    case "protected":
      c = {
        ...common,
        type,
        protected_modules: asList(raw.protected_modules),
        allowed_importers: asList(raw.allowed_importers),
        as_packages: asBool(raw.as_packages, true, boolProblems, "as_packages"),
      };
      break;
    case "acyclic_siblings": {
      const text = raw.depth === undefined ? "10" : String(raw.depth).trim();
      const d = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
      if (Number.isNaN(d)) fail("depth", `'${text}' is not an integer.`);
      else if (d < 0) fail("depth", "Must be >= 0.");
      c = { ...common, type, ancestors: asList(raw.ancestors), depth: d, skip_descendants: asList(raw.skip_descendants) };
      break;
    }
  }
  collect(boolProblems);
  for (const f of FIELD_ORDER[type]!) {
    const m = byField.get(f);
    if (m !== undefined) problems.push(`${f}: ${m}`);
  }
  // The contract's own cross-field check runs only when every field parsed.
  if (problems.length === 0 && c !== null && c.type === "layers" && c.exhaustive && c.containers.length === 0) {
    problems.push("exhaustive: The exhaustive option is not supported for contracts without containers.");
  }
  if (problems.length > 0 || c === null) cfg.invalid.push({ id, name, line, problems });
  else cfg.contracts.push(c);
}

function emptyConfig(file: string): ImportLinterConfig {
  return {
    file,
    root_packages: [],
    include_external_packages: false,
    exclude_type_checking_imports: false,
    contracts: [],
    custom_types: [],
    invalid: [],
  };
}

function readTop(
  raw: Raw,
  cfg: ImportLinterConfig,
  errors: ConfigError[],
  line: number,
  keyAt: (key: string) => { line: number; col: number } | null = () => null,
): void {
  const rp = raw.root_packages ?? raw.root_package;
  cfg.root_packages = asList(rp);
  const problems: string[] = [];
  cfg.include_external_packages = asBool(raw.include_external_packages, false, problems, "include_external_packages", true);
  cfg.exclude_type_checking_imports = asBool(raw.exclude_type_checking_imports, false, problems, "exclude_type_checking_imports", true);
  if (cfg.root_packages.length === 0) problems.push("root_packages: This is a required field.");
  for (const p of problems) errors.push({ file: cfg.file, line, col: 1, message: p });
  if (raw.contract_types !== undefined) {
    cfg.custom_types = asList(raw.contract_types).map((t) => t.split(":")[0]!.trim());
    const at = keyAt("contract_types") ?? { line, col: 1 };
    errors.push({
      file: cfg.file,
      line: at.line,
      col: at.col,
      message: `contract_types: custom contract classes are not supported by quarry (${asList(raw.contract_types).join(", ")}); only the built-in types forbidden, layers, independence, protected and acyclic_siblings can be checked.`,
    });
  }
}

/** Reads `[importlinter]` sections from INI text; null when the file has none. */
export function readImportLinterIni(text: string, file: string): { value: ImportLinterConfig | null; errors: ConfigError[] } {
  const { sections, errors: iniErrors } = parseIni(text);
  const errors: ConfigError[] = iniErrors.map((e) => ({ file, line: e.line, col: 1, message: e.message }));
  const top = sections.find((s) => s.name === "importlinter");
  if (top === undefined) return { value: null, errors };
  const cfg = emptyConfig(file);
  const toRaw = (s: (typeof sections)[number]): Raw => {
    const raw: Raw = {};
    for (const [k, v] of s.entries) raw[k] = iniValue(v.value);
    return raw;
  };
  readTop(toRaw(top), cfg, errors, top.line, (k) => {
    const e = top.entries.get(k);
    return e === undefined ? null : { line: e.line, col: 1 };
  });
  for (const s of sections) {
    const m = /^importlinter:contract:(.+)$/.exec(s.name);
    if (m !== null) buildContract(m[1]!.trim(), toRaw(s), s.line, cfg);
  }
  return { value: cfg, errors };
}

/** Reads `[tool.importlinter]` from pyproject.toml text; null when absent. */
export function readImportLinterToml(text: string, file: string): { value: ImportLinterConfig | null; errors: ConfigError[] } {
  const parsed = parseTomlText(text, file);
  if (parsed.value === null) return { value: null, errors: parsed.errors };
  const tool = parsed.value.tool as Raw | undefined;
  const il = tool?.importlinter as Raw | undefined;
  if (il === undefined || typeof il !== "object") return { value: null, errors: [] };
  const loc = new TomlLocator(text);
  const cfg = emptyConfig(file);
  const errors: ConfigError[] = [];
  // import-linter turns TOML booleans into strings; asBool accepts both.
  readTop(il, cfg, errors, loc.tableLine("tool.importlinter") ?? 1, (k) => loc.keyLocation("tool.importlinter", k));
  const contracts = il.contracts;
  if (Array.isArray(contracts)) {
    contracts.forEach((c, i) => {
      const raw = c as Raw;
      const line = loc.tableLine(`tool.importlinter.contracts.${i}`) ?? 0;
      buildContract(String(raw.id ?? i + 1), raw, line, cfg);
    });
  }
  return { value: cfg, errors };
}
