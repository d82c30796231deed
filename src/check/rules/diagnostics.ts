// Tach-compatible diagnostics: plain data with the exact Tach 0.35 message texts, built once and
// rendered by report.ts. Codes are Tach's variant names, and fields are listed in Tach's declaration
// order, so `--output json` matches serde's output key for key.

export type DiagSeverity = "Error" | "Warning";
export type DiagGroup = "General" | "Configuration" | "Interfaces" | "Internal Dependencies";

export type CodeDetails =
  | {
      kind: "UndeclaredDependency" | "ForbiddenDependency" | "DeprecatedDependency";
      dependency: string;
      usage_module: string;
      definition_module: string;
    }
  | {
      kind: "LayerViolation";
      dependency: string;
      usage_module: string;
      usage_layer: string;
      definition_module: string;
      definition_layer: string;
    }
  | {
      kind: "ClosedLayerViolation";
      dependency: string;
      usage_module: string;
      usage_layer: string;
      definition_module: string;
      definition_layer: string;
      closed_layer: string;
    }
  | { kind: "PrivateDependency"; dependency: string; definition_module: string; usage_module: string }
  | { kind: "InvalidDataTypeExport"; dependency: string; definition_module: string; usage_module: string; expected_data_type: string }
  | { kind: "UnusedIgnoreDirective" | "MissingIgnoreDirectiveReason" };

export type ConfigDetails =
  | { kind: "ModuleNotFound"; file_mod_path: string }
  | { kind: "UnknownLayer"; layer: string }
  | { kind: "NoFirstPartyImportsFound" }
  | { kind: "SkippedFileSyntaxError" | "SkippedFileIoError"; file_path: string };

export interface Diagnostic {
  severity: DiagSeverity;
  /** null for global diagnostics. */
  file: string | null;
  line: number;
  originalLine: number;
  details: { code: CodeDetails } | { config: ConfigDetails };
  /** True when the import was not at module scope (for `rules.local_imports`). */
  local?: boolean;
  /** 1-based column of the imported name, when known (SARIF and GitHub output). */
  col?: number;
  /**
   * Where a global diagnostic comes from (a config entry, a file that was skipped), relative to
   * the project root, for SARIF and GitHub output. Tach's text and JSON never show it.
   */
  at?: { file: string; line: number; col: number };
}

export function codeMessage(d: CodeDetails): string {
  switch (d.kind) {
    case "UndeclaredDependency":
    case "ForbiddenDependency":
      return `Cannot use '${d.dependency}'. Module '${d.usage_module}' cannot depend on '${d.definition_module}'.`;
    case "DeprecatedDependency":
      return `Dependency '${d.dependency}' is deprecated. Module '${d.usage_module}' should not depend on '${d.definition_module}'.`;
    case "LayerViolation":
      return `Cannot use '${d.dependency}'. Layer '${d.usage_layer}' ('${d.usage_module}') is lower than layer '${d.definition_layer}' ('${d.definition_module}').`;
    case "ClosedLayerViolation":
      return `Cannot use '${d.dependency}'. Layer '${d.usage_layer}' ('${d.usage_module}') cannot import from layer '${d.definition_layer}' ('${d.definition_module}') because layer '${d.closed_layer}' is a closed layer between them.`;
    case "PrivateDependency":
      return `The path '${d.dependency}' is not part of the public interface for '${d.definition_module}'.`;
    case "InvalidDataTypeExport":
      return `The dependency '${d.dependency}' (from module '${d.definition_module}') matches an interface but does not match the expected data type ('${d.expected_data_type}').`;
    case "UnusedIgnoreDirective":
      return "Ignore directive is unused.";
    case "MissingIgnoreDirectiveReason":
      return "Ignore directive is missing a reason.";
  }
}

export function configMessage(d: ConfigDetails): string {
  switch (d.kind) {
    case "ModuleNotFound":
      return `Module containing '${d.file_mod_path}' not found in project.`;
    case "UnknownLayer":
      return `Layer '${d.layer}' is not defined in the project.`;
    case "NoFirstPartyImportsFound":
      return "No first-party imports were found. You may need to use 'tach mod' to update your Python source roots. Docs: https://docs.gauge.sh/usage/configuration#source-roots";
    case "SkippedFileSyntaxError":
      return `Skipped '${d.file_path}' due to a syntax error.`;
    case "SkippedFileIoError":
      return `Skipped '${d.file_path}' due to an I/O error.`;
  }
}

/** A diagnostic's message, exactly as Tach 0.35 words it. */
export function message(d: Diagnostic): string {
  return "code" in d.details ? codeMessage(d.details.code) : configMessage(d.details.config);
}

export function group(d: Diagnostic): DiagGroup {
  if ("config" in d.details) return "Configuration";
  switch (d.details.code.kind) {
    case "UnusedIgnoreDirective":
    case "MissingIgnoreDirectiveReason":
      return "General";
    case "PrivateDependency":
    case "InvalidDataTypeExport":
      return "Interfaces";
    default:
      return "Internal Dependencies";
  }
}

/** The dependency path a code diagnostic is about (for `# tach-ignore name` matching). */
export function dependencyOf(d: Diagnostic): string | null {
  if (!("code" in d.details)) return null;
  const c = d.details.code;
  return "dependency" in c ? c.dependency : null;
}

/** serde's externally tagged encoding of Tach's Diagnostic, for `--output json`. */
export function toTachJson(d: Diagnostic): unknown {
  let details: unknown;
  if ("code" in d.details) {
    const { kind, ...fields } = d.details.code;
    details = { Code: { [kind]: Object.keys(fields).length === 0 ? [] : fields } };
  } else {
    const { kind, ...fields } = d.details.config;
    details = { Configuration: { [kind]: Object.keys(fields).length === 0 ? [] : fields } };
  }
  if (d.file === null) return { Global: { severity: d.severity, details } };
  return {
    Located: {
      file_path: d.file,
      line_number: d.line,
      original_line_number: d.originalLine,
      severity: d.severity,
      details,
    },
  };
}

// The string fields each diagnostic kind carries (besides `kind`), for validating stored results.
const CODE_FIELDS: Record<CodeDetails["kind"], readonly string[]> = {
  UndeclaredDependency: ["dependency", "usage_module", "definition_module"],
  ForbiddenDependency: ["dependency", "usage_module", "definition_module"],
  DeprecatedDependency: ["dependency", "usage_module", "definition_module"],
  LayerViolation: ["dependency", "usage_module", "usage_layer", "definition_module", "definition_layer"],
  ClosedLayerViolation: ["dependency", "usage_module", "usage_layer", "definition_module", "definition_layer", "closed_layer"],
  PrivateDependency: ["dependency", "definition_module", "usage_module"],
  InvalidDataTypeExport: ["dependency", "definition_module", "usage_module", "expected_data_type"],
  UnusedIgnoreDirective: [],
  MissingIgnoreDirectiveReason: [],
};
const CONFIG_FIELDS: Record<ConfigDetails["kind"], readonly string[]> = {
  ModuleNotFound: ["file_mod_path"],
  UnknownLayer: ["layer"],
  NoFirstPartyImportsFound: [],
  SkippedFileSyntaxError: ["file_path"],
  SkippedFileIoError: ["file_path"],
};

function hasFields(x: unknown, table: Record<string, readonly string[]>): boolean {
  if (typeof x !== "object" || x === null) return false;
  const o = x as Record<string, unknown>;
  const kind = o.kind;
  if (typeof kind !== "string" || !Object.hasOwn(table, kind)) return false;
  return table[kind]!.every((f) => typeof o[f] === "string");
}

/** Whether `x` is a well-formed Diagnostic (used to validate results read back from the cache). */
export function isDiagnostic(x: unknown): x is Diagnostic {
  if (typeof x !== "object" || x === null) return false;
  const d = x as Record<string, unknown>;
  if (d.severity !== "Error" && d.severity !== "Warning") return false;
  if (d.file !== null && typeof d.file !== "string") return false;
  if (!Number.isInteger(d.line) || !Number.isInteger(d.originalLine)) return false;
  if (d.local !== undefined && typeof d.local !== "boolean") return false;
  if (d.col !== undefined && !Number.isInteger(d.col)) return false;
  const at = d.at as Record<string, unknown> | undefined;
  if (
    at !== undefined &&
    (typeof at !== "object" || at === null || typeof at.file !== "string" || !Number.isInteger(at.line) || !Number.isInteger(at.col))
  )
    return false;
  const det = d.details;
  if (typeof det !== "object" || det === null) return false;
  const keys = Object.keys(det);
  if (keys.length !== 1) return false;
  if (keys[0] === "code") return hasFields((det as Record<string, unknown>).code, CODE_FIELDS);
  if (keys[0] === "config") return hasFields((det as Record<string, unknown>).config, CONFIG_FIELDS);
  return false;
}
