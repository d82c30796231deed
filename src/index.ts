// quarry's public API: the parser, the tree, unparse, tokenize, edits and queries. Everything else
// under src/ is internal. The checker is its own entry (quarry/check), file-system helpers are
// quarry/node.

// Parsing, and the tree it returns (a read-only type: build trees with fromJSON or transform).
export { parse } from "./parser/parse.js";
export type { ParseOptions, ParseResult } from "./parser/parse.js";
export type { ParseMode } from "./parser/modes.js";
export type { Tree, NodeId } from "./ast/tree.js";
export { decodeSource } from "./core/source.js";
export type { PySyntaxError, PyErrorClass } from "./core/diagnostics.js";
export { NodeKind, KIND_NAMES } from "./schema/generated/nodes.js";

// Reading a tree: dump, typed views, plain objects, walks, visitors, navigation, positions.
export { dump } from "./ast/dump.js";
export type { DumpOptions } from "./ast/dump.js";
export { view, isView } from "./ast/view.js";
export type * from "./ast/generated/view-types.js";
export type * from "./schema/generated/plain.js";
export type { PlainInput, LoosePlain } from "./ast/materialize.js";
export { walkPreorder, preorderIds, TreeCursor, forEachChild, childIds, iterFields, iterChildNodes, walk } from "./ast/walk.js";
export type { FieldValue } from "./ast/walk.js";
export { visit } from "./ast/visitor.js";
export type { Visitor, KindHandler, EnterFn, LeaveFn } from "./ast/visitor.js";
export { parentOf, ancestorIds, depthOf, fieldOf, nodeAtOffset, nodeAtPosition, sourceSegment } from "./ast/navigate.js";
export type { FieldLocation, SegmentOptions } from "./ast/navigate.js";
export { utf8ToUtf16Column, utf16ToUtf8Column, offsetToPosition, positionToOffset, nodeRange } from "./ast/positions.js";
export type { ColumnUnit, LineColumn, NodeRange } from "./ast/positions.js";
export type { PyValue } from "./core/pyvalue.js";
export { PyBytes, PyComplex, PyEllipsis, PyStr, PY_ELLIPSIS } from "./core/pyvalue.js";

// Python's ast helpers.
export { literalEval, getDocstring, compare, PyTuple, PyList, PySet, PyDict } from "./ast/helpers.js";
export type { PyLiteral, LiteralEvalResult, LiteralEvalError, CompareOptions } from "./ast/helpers.js";
export { literalEvalSource } from "./parser/literal-eval.js";
export type { LiteralEvalSourceResult } from "./parser/literal-eval.js";

// Building and transforming trees.
export { ast } from "./ast/generated/constructors.js";
export { fromJSON } from "./ast/from-json.js";
export { BuildError } from "./ast/build.js";
export { transform } from "./ast/transform.js";
export type { Transformer, TransformCallback, TransformContext, TransformResult } from "./ast/transform.js";
export { copyLocation, fixMissingLocations, incrementLineno } from "./ast/location.js";

// Back to source: unparse, and the token stream of Python's tokenize module.
export { unparse, UnparseError, UnparseCode } from "./unparse/unparse.js";
export { tokenize, TokenStream, TOKEN_NAMES } from "./tokenizer/stream.js";
export type { TokenInfo, TokenizeError, TokenizeOptions } from "./tokenizer/stream.js";

// Source-preserving edits.
export { applyEdits, checkEdits, findNode, nodeText } from "./edit/index.js";
export type {
  Edit,
  EditConflict,
  EditError,
  EditOptions,
  EditResult,
  InsertBesideEdit,
  InsertEdit,
  NodeRef,
  RemoveEdit,
  Replacement,
  ReplaceEdit,
  SetIdentifierEdit,
  TextChange,
} from "./edit/index.js";

// Queries: patterns, selectors and rules compiled to JavaScript.
export { compileQuery, QueryError } from "./query/compile.js";
export type {
  Query,
  QuerySpec,
  QueryOptions,
  Match,
  Binding,
  ByteRange,
  FixResult,
  FixSkip,
  FixOptions,
  FixCallback,
  FixContext,
  Replacement as QueryReplacement,
} from "./query/compile.js";
export type { FixObject, FixSpec } from "./query/fix-spec.js";
export { QUERY_CODES } from "./query/messages.js";
export type { QueryCode, QueryDiagnostic } from "./query/messages.js";
export type { RuleObject, RuleBody } from "./query/rule.js";
