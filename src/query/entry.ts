// The queries entry (a proposed package subpath, quarry/query): parse and compileQuery without the
// rest of the library. Its graph reaches the fix path only through engine.ts, so a browser build
// that swaps in engine-lazy.ts (playground/build.mjs) loads the edit engine and unparser on first fix.
export { parse } from "../parser/parse.js";
export { compileQuery, QueryError } from "./compile.js";
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
} from "./compile.js";
export type { FixObject, FixSpec } from "./fix-spec.js";
export { QUERY_CODES } from "./messages.js";
export type { QueryCode, QueryDiagnostic } from "./messages.js";
export type { RuleObject, RuleBody } from "./rule.js";
export { loadFixEngine } from "./engine.js";
