// quarry's public API. Everything else under src/ is internal.
export { parse } from "./parser/parse.js";
export type { ParseOptions, ParseResult } from "./parser/parse.js";
export { dump } from "./ast/dump.js";
export type { DumpOptions } from "./ast/dump.js";
export { Tree } from "./ast/tree.js";
export { view } from "./ast/view.js";
export type { NodeView } from "./ast/view.js";
export type { NodeId } from "./ast/tree.js";
export { tokenize } from "./tokenizer/tokenizer.js";
export type { Tokens } from "./tokenizer/tokenizer.js";
export { decodeSource } from "./core/source.js";
export type { PySyntaxError, PyErrorClass } from "./core/diagnostics.js";
export { NodeKind, KIND_NAMES } from "./schema/generated/nodes.js";
