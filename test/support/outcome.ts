// One line per parse outcome, for comparing quarry with CPython case by case: "OK " and the dump
// with attributes, or the error's class, message and four position fields.
import { dump } from "../../src/ast/dump.js";
import { parse, type ParseOptions } from "../../src/parser/parse.js";
import type { OracleAnswer } from "./oracle.js";

/** quarry's outcome for `src` parsed with `options`. */
export function quarryOutcome(src: Uint8Array | string, options: ParseOptions = {}): string {
  const r = parse(src, options);
  if (r.error === null) return "OK " + dump(r.tree, { includeAttributes: true });
  const e = r.error;
  return `${e.cls}: ${e.msg} @${e.lineno},${e.offset},${e.end_lineno},${e.end_offset}`;
}

/** CPython's outcome, from the oracle's answer, in the same form. */
export function oracleOutcome(a: OracleAnswer): string {
  if (a.ok) return "OK " + a.dump;
  return `${a.cls}: ${a.msg} @${a.lineno},${a.offset},${a.end_lineno},${a.end_offset}`;
}
