// The `quarry/check` package entry: check a Python project's import boundaries as Tach 0.35 and
// lint-imports 2.12 do, and get the results as data. The CLI (`quarry check`) is one caller.
export { checkProject, renderCheck, runCheck, runGraph, checkArgs, findTachRoot, findImportLinterConfig, CHECK_JSON_VERSION } from "./run.js";
export type { CheckArgs, GraphArgs, OutputFormat, Engine, CheckProjectResult, TachProjectResult, ImportLinterProjectResult } from "./run.js";
export { QUARRY_VERSION } from "./version.js";
export type { Host, DirEntry, EntryKind } from "./host.js";
export { message as diagnosticMessage } from "./diagnostics.js";
export type { Diagnostic, CodeDetails, ConfigDetails, DiagSeverity } from "./diagnostics.js";
export type { TextStyle } from "./report.js";
export { ImportGraph } from "./importlinter.js";
export type { ContractResult, Violation, ImportDetail } from "./importlinter.js";
export { extractImports } from "./imports.js";
export type { ImportRecord, ImportedName, ImportScope, IgnoreDirective, ExtractResult, ExtractOptions } from "./imports.js";
export { readTachConfig, readDomainConfig } from "./config.js";
export type { ProjectConfig, ModuleConfig, InterfaceConfig, ConfigError, DependencyEntry, LayerConfig, RulesConfig, Origin, Severity, RootModuleMode } from "./config.js";
export { readImportLinterIni, readImportLinterToml } from "./importlinter-config.js";
export type { Contract, ImportLinterConfig, LayerLine, Alerting } from "./importlinter-config.js";
export type { GraphFormat } from "./graph.js";
