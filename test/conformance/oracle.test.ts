// The oracle's own contract: raw bytes go to ast.parse, errors come back as CPython's exception
// attributes (None -> null), and a second ask is served from the cache.
import { test } from "node:test";
import assert from "node:assert/strict";
import { askOracle, oracleStats } from "../support/oracle.js";

const bytes = (s: string | number[]) => (typeof s === "string" ? new TextEncoder().encode(s) : new Uint8Array(s));

test("oracle: bytes are decoded by CPython (BOM, coding cookie), errors keep CPython's attributes", async () => {
  const [bom, latin1, nul, indent, tab] = await askOracle([
    bytes([0xef, 0xbb, 0xbf, ...bytes("x = 1\n")]),
    bytes([...bytes("# coding: latin-1\nx = '"), 0xe9, ...bytes("'\n")]),
    bytes("x = 1\0\n"),
    bytes("x = 1\n    y = 2\n"),
    bytes("if x:\n\ta\n        b\n"),
  ]);
  assert.ok(bom!.ok && bom!.dump?.includes("end_col_offset=5"), "BOM excluded from columns");
  assert.ok(latin1!.ok && latin1!.dump?.includes("value='é'"));
  assert.deepEqual(nul, {
    ok: false,
    cls: "SyntaxError",
    msg: "source code string cannot contain null bytes",
    lineno: null,
    offset: null,
    end_lineno: null,
    end_offset: null,
  });
  assert.deepEqual(indent, {
    ok: false,
    cls: "IndentationError",
    msg: "unexpected indent",
    lineno: 2,
    offset: 4,
    end_lineno: 2,
    end_offset: -1,
  });
  assert.equal(tab!.ok ? "" : tab!.cls, "TabError");
});

test("oracle: variants give plain and indent=2 dumps; a repeated ask is a cache hit", async () => {
  const src = [bytes("f(a, *b, k=1)\n")];
  const [a] = await askOracle(src, { variants: true });
  assert.ok(a!.ok);
  assert.equal(
    a!.dumpPlain,
    "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[Name(id='a', ctx=Load()), Starred(value=Name(id='b', ctx=Load()), ctx=Load())], keywords=[keyword(arg='k', value=Constant(value=1))]))])",
  );
  assert.ok(a!.dumpIndent?.startsWith("Module(\n  body=[\n    Expr(\n"));
  const hits = oracleStats.hits;
  await askOracle(src, { variants: true });
  assert.equal(oracleStats.hits, hits + 1);
});
