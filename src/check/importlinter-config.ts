// import-linter (2.12) configuration: `[importlinter]` in setup.cfg / .importlinter (INI) or
// `[tool.importlinter]` in pyproject.toml. Text in, contracts out; problems come back located.
import { parseIni, iniValue } from "./ini.js";
import { parseTomlText, type ConfigError } from "./config.js";
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
  /** Contracts that failed validation: `field: message` lines each. */
  invalid: { name: string; line: number; problems: string[] }[];
}

type Raw = Record<string, unknown>;

function asList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map(String);
  const s = String(v).trim();
  return s === "" ? [] : [s];
}

function asBool(v: unknown, dflt: boolean, problems: string[], key: string): boolean {
  if (v === undefined) return dflt;
  if (typeof v === "boolean") return v;
  const s = String(v).trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(s)) return true;
  if (["false", "0", "no", "off"].includes(s)) return false;
  problems.push(`${key}: Could not parse a boolean from '${String(v)}'.`);
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
  if (hasBar && hasColon) return `Layer '${s}' cannot mix '|' and ':' siblings.`;
  const parts = s.split(hasBar ? "|" : ":").map((p) => p.trim());
  const modules = parts.map((p) => {
    const optional = p.startsWith("(") && p.endsWith(")");
    return { name: optional ? p.slice(1, -1).trim() : p, optional };
  });
  return { modules, independent: !hasColon };
}

function buildContract(id: string, raw: Raw, line: number, cfg: ImportLinterConfig): void {
  const name = String(raw["name"] ?? id);
  const problems: string[] = [];
  const type = String(raw["type"] ?? "");
  if (raw["name"] === undefined) problems.push("name: This is a required field.");
  if (!(type in FIELDS)) {
    problems.push(raw["type"] === undefined ? "type: This is a required field." : `type: Unknown contract type '${type}'.`);
    cfg.invalid.push({ name, line, problems });
    return;
  }
  for (const k of Object.keys(raw)) {
    if (!COMMON.includes(k) && !FIELDS[type]!.includes(k)) problems.push(`${k}: Unknown field for a ${type} contract.`);
  }
  for (const k of REQUIRED[type]!) if (raw[k] === undefined) problems.push(`${k}: This is a required field.`);
  const alerting = String(raw["unmatched_ignore_imports_alerting"] ?? "error") as Alerting;
  if (!["error", "warn", "none"].includes(alerting)) {
    problems.push(`unmatched_ignore_imports_alerting: Must be one of 'error', 'warn', 'none'.`);
  }
  const common: ContractCommon = {
    id,
    name,
    ignore_imports: asList(raw["ignore_imports"]),
    unmatched_ignore_imports_alerting: alerting,
    broken_contract_guidance: raw["broken_contract_guidance"] === undefined ? null : asList(raw["broken_contract_guidance"]).join("\n"),
    line,
  };
  let c: Contract | null = null;
  switch (type) {
    case "forbidden":
      c = {
        ...common,
        type,
        source_modules: asList(raw["source_modules"]),
        forbidden_modules: asList(raw["forbidden_modules"]),
        allow_indirect_imports: asBool(raw["allow_indirect_imports"], false, problems, "allow_indirect_imports"),
        as_packages: asBool(raw["as_packages"], true, problems, "as_packages"),
      };
      break;
    case "layers": {
      const layers: LayerLine[] = [];
      for (const l of asList(raw["layers"])) {
        const parsed = parseLayerLine(l);
        if (typeof parsed === "string") problems.push(`layers: ${parsed}`);
        else layers.push(parsed);
      }
      const exhaustive = asBool(raw["exhaustive"], false, problems, "exhaustive");
      const containers = asList(raw["containers"]);
      if (exhaustive && containers.length === 0) problems.push("exhaustive: The exhaustive option requires containers to be set.");
      c = { ...common, type, layers, containers, exhaustive, exhaustive_ignores: asList(raw["exhaustive_ignores"]) };
      break;
    }
    case "independence":
      c = { ...common, type, modules: asList(raw["modules"]) };
      break;
    case "protected":
      c = {
        ...common,
        type,
        protected_modules: asList(raw["protected_modules"]),
        allowed_importers: asList(raw["allowed_importers"]),
        as_packages: asBool(raw["as_packages"], true, problems, "as_packages"),
      };
      break;
    case "acyclic_siblings": {
      const d = raw["depth"] === undefined ? 10 : Number(String(raw["depth"]).trim());
      if (!Number.isInteger(d) || d < 0) problems.push("depth: Must be a non-negative integer.");
      c = { ...common, type, ancestors: asList(raw["ancestors"]), depth: d, skip_descendants: asList(raw["skip_descendants"]) };
      break;
    }
  }
  if (problems.length > 0 || c === null) cfg.invalid.push({ name, line, problems });
  else cfg.contracts.push(c);
}

function emptyConfig(file: string): ImportLinterConfig {
  return { file, root_packages: [], include_external_packages: false, exclude_type_checking_imports: false, contracts: [], invalid: [] };
}

function readTop(raw: Raw, cfg: ImportLinterConfig, errors: ConfigError[], line: number): void {
  const rp = raw["root_packages"] ?? raw["root_package"];
  cfg.root_packages = asList(rp);
  const problems: string[] = [];
  cfg.include_external_packages = asBool(raw["include_external_packages"], false, problems, "include_external_packages");
  cfg.exclude_type_checking_imports = asBool(raw["exclude_type_checking_imports"], false, problems, "exclude_type_checking_imports");
  if (cfg.root_packages.length === 0) problems.push("root_packages: This is a required field.");
  for (const p of problems) errors.push({ file: cfg.file, line, col: 1, message: p });
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
  readTop(toRaw(top), cfg, errors, top.line);
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
  const tool = parsed.value["tool"] as Raw | undefined;
  const il = tool?.["importlinter"] as Raw | undefined;
  if (il === undefined || typeof il !== "object") return { value: null, errors: [] };
  const loc = new TomlLocator(text);
  const cfg = emptyConfig(file);
  const errors: ConfigError[] = [];
  // import-linter turns TOML booleans into strings; asBool accepts both.
  readTop(il, cfg, errors, loc.tableLine("tool.importlinter") ?? 1);
  const contracts = il["contracts"];
  if (Array.isArray(contracts)) {
    contracts.forEach((c, i) => {
      const raw = c as Raw;
      const line = loc.tableLine(`tool.importlinter.contracts.${i}`) ?? 0;
      buildContract(String(raw["id"] ?? i + 1), raw, line, cfg);
    });
  }
  return { value: cfg, errors };
}
