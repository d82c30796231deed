// The public surface of `quarry check` (re-exported from src/index.ts by the lead).
export { runCheck, runGraph, findTachRoot, findImportLinterConfig } from "./run.js";
export type { Host, DirEntry, EntryKind } from "./host.js";
export { extractImports } from "./imports.js";
export type { ImportRecord, ImportedName, ImportScope, IgnoreDirective, ExtractResult, ExtractOptions } from "./imports.js";
export { readTachConfig, readDomainConfig } from "./config.js";
export type { ProjectConfig, ModuleConfig, InterfaceConfig, ConfigError } from "./config.js";
export { readImportLinterIni, readImportLinterToml } from "./importlinter-config.js";
export type { Contract, ImportLinterConfig } from "./importlinter-config.js";
