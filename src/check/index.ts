// The `quarry/check` package entry: check a Python project's import boundaries as Tach 0.35 and
// lint-imports 2.12 do, and get the results as data. The CLI (`quarry check`) is one caller.
export {
  checkProject,
  renderCheck,
  runCheck,
  runGraph,
  checkArgs,
  findTachRoot,
  findImportLinterConfig,
  CHECK_JSON_VERSION,
} from "./api.js";
export type {
  CheckArgs,
  GraphArgs,
  OutputFormat,
  Engine,
  CheckProjectResult,
  TachProjectResult,
  ImportLinterProjectResult,
} from "./api.js";
export { QUARRY_VERSION } from "./version.js";
export type { Host, DirEntry, EntryKind } from "./host.js";
export { message as diagnosticMessage } from "./rules/diagnostics.js";
export type { Diagnostic, CodeDetails, ConfigDetails, DiagSeverity } from "./rules/diagnostics.js";
export type { TextStyle } from "./report/report.js";
export { ImportGraph } from "./rules/importlinter.js";
export type { ContractResult, Violation, ImportDetail } from "./rules/importlinter.js";
export { extractImports } from "./extract/imports.js";
export type { ImportRecord, ImportedName, ImportScope, IgnoreDirective, ExtractResult, ExtractOptions } from "./extract/imports.js";
export { readTachConfig, readDomainConfig } from "./config/tach.js";
export type {
  ProjectConfig,
  ModuleConfig,
  InterfaceConfig,
  ConfigError,
  DependencyEntry,
  LayerConfig,
  RulesConfig,
  Origin,
  Severity,
  RootModuleMode,
} from "./config/tach.js";
export { readImportLinterIni, readImportLinterToml } from "./config/importlinter.js";
export type { Contract, ImportLinterConfig, LayerLine, Alerting } from "./config/importlinter.js";
export type { GraphFormat } from "./report/graph.js";
export { createChecker } from "./incremental/checker.js";
export type { IncrementalChecker, FileChange, FileChangeKind, CheckerStats } from "./incremental/checker.js";
