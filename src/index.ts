// quarry's public API. Everything else under src/ is internal.
export { parse } from "./parser/parse.js";
export type { ParseOptions, ParseResult } from "./parser/parse.js";
export { dump } from "./ast/dump.js";
export type { DumpOptions } from "./ast/dump.js";
export { Tree } from "./ast/tree.js";
export { view } from "./ast/view.js";
export type * from "./ast/generated/view-types.js";
export type * from "./schema/generated/plain.js";
export { ast } from "./ast/generated/constructors.js";
export { walkPreorder, preorderIds, TreeCursor, forEachChild, childIds, iterFields, iterChildNodes, walk } from "./ast/walk.js";
export type { FieldValue } from "./ast/walk.js";
export { visit } from "./ast/visitor.js";
export type { Visitor, KindHandler, EnterFn, LeaveFn } from "./ast/visitor.js";
export { parentOf, ancestorIds, depthOf, fieldOf, nodeAtOffset, nodeAtPosition, sourceSegment } from "./ast/navigate.js";
export type { FieldLocation, SegmentOptions } from "./ast/navigate.js";
export { utf8ToUtf16Column, utf16ToUtf8Column, offsetToPosition, positionToOffset, nodeRange } from "./ast/positions.js";
export type { ColumnUnit, LineColumn, NodeRange } from "./ast/positions.js";
export type { PyValue } from "./core/pyvalue.js";
export { PyBytes, PyComplex, PyEllipsis, PY_ELLIPSIS } from "./core/pyvalue.js";
export type { NodeId } from "./ast/tree.js";
export { tokenize } from "./tokenizer/tokenizer.js";
export type { Tokens } from "./tokenizer/tokenizer.js";
export { decodeSource } from "./core/source.js";
export type { PySyntaxError, PyErrorClass } from "./core/diagnostics.js";
export { NodeKind, KIND_NAMES } from "./schema/generated/nodes.js";
export { runCheck, runGraph, findTachRoot, findImportLinterConfig, extractImports, readTachConfig, readDomainConfig, readImportLinterIni, readImportLinterToml } from "./check/index.js";
export type {
  Host, DirEntry, EntryKind, ImportRecord, ImportedName, ImportScope, IgnoreDirective, ExtractResult, ExtractOptions,
  ProjectConfig, ModuleConfig, InterfaceConfig, ConfigError, Contract, ImportLinterConfig,
} from "./check/index.js";
