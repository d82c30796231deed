// Eager materialization: tree.toJSON() must equal the same tree walked on the CPython side
// (Pyodide): {_type: class name, each field in _fields order, then lineno, col_offset, end_lineno,
// end_col_offset when the class has them}, with constants mapped as src/ast/materialize.ts
// plainConstant documents. Covers every ok grammar fixture and every 10th stdlib file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { listFixtures } from "../support/fixtures.js";
import { stdlibFiles } from "../support/corpus.js";
import { requireQuarry } from "../support/quarry.js";
import { callPython } from "../cli/python.js";

const STDLIB_STRIDE = 10;

// Non-finite floats (inside complex numbers) travel as {"$float": "inf" | "-inf" | "nan"}, since
// JSON has no spelling for them.
const PY = `
import ast, json, math, warnings

SAFE = 2**53 - 1

def _num(v):
    if math.isfinite(v):
        return v
    return {"$float": "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")}

def _js_string(v):
    # JavaScript's String(v) for a float that is not a finite non-integer.
    if math.isnan(v): return "NaN"
    if math.isinf(v): return "Infinity" if v > 0 else "-Infinity"
    if abs(v) < 1e21: return str(int(v))
    return repr(v)

def _const(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v if -SAFE <= v <= SAFE else {"_type": "int", "value": str(v)}
    if isinstance(v, float):
        if math.isfinite(v) and not v.is_integer():
            return v
        return {"_type": "float", "value": _js_string(v)}
    if isinstance(v, bytes):
        return {"_type": "bytes", "value": list(v)}
    if isinstance(v, complex):
        return {"_type": "complex", "real": _num(v.real), "imag": _num(v.imag)}
    if v is Ellipsis:
        return {"_type": "Ellipsis"}
    raise TypeError("unexpected constant " + repr(type(v)))

def _walk(node):
    if isinstance(node, list):
        return [_walk(x) for x in node]
    if not isinstance(node, ast.AST):
        return node
    out = {"_type": type(node).__name__}
    for f in node._fields:
        v = getattr(node, f, None)
        out[f] = _const(v) if isinstance(node, ast.Constant) and f == "value" else _walk(v)
    for a in ("lineno", "col_offset", "end_lineno", "end_col_offset"):
        if a in node._attributes and hasattr(node, a):
            out[a] = getattr(node, a)
    return out

def materialize(js_bytes):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = ast.parse(js_bytes.to_bytes())
    return json.dumps(_walk(tree))
`;

function revive(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(revive);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === "$float") return o.$float === "nan" ? NaN : o.$float === "inf" ? Infinity : -Infinity;
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = revive(o[k]);
    return out;
  }
  return v;
}

/** The first place two plain trees differ (key order included), or null. */
function difference(a: unknown, b: unknown, path: string): string | null {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b))
      return `${path}: cpython ${JSON.stringify(a)?.slice(0, 120)} | quarry ${JSON.stringify(b)?.slice(0, 120)}`;
    if (a.length !== b.length) return `${path}: length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (a !== null && typeof a === "object" && b !== null && typeof b === "object") {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.join(",") !== kb.join(",")) return `${path}: keys cpython [${ka.join(", ")}] | quarry [${kb.join(", ")}]`;
    const oa = a as Record<string, unknown>;
    const ob = b as Record<string, unknown>;
    const at = typeof oa._type === "string" ? `${path}<${oa._type}>` : path;
    for (const k of ka) {
      const d = difference(oa[k], ob[k], `${at}.${k}`);
      if (d !== null) return d;
    }
    return null;
  }
  return Object.is(a, b)
    ? null
    : `${path}: cpython ${JSON.stringify(a)} | quarry ${typeof b === "number" || typeof b === "bigint" ? String(b) : JSON.stringify(b)}`;
}

test(`toJSON() equals CPython's tree on every ok fixture and every ${STDLIB_STRIDE}th stdlib file`, async () => {
  const q = await requireQuarry();
  const files = [
    ...listFixtures("ok").map((f) => ({ name: f.rel, bytes: f.bytes })),
    ...stdlibFiles().filter((_, i) => i % STDLIB_STRIDE === 0),
  ];
  assert.ok(files.length > 90, `only ${files.length} files`);
  const answers = await callPython<unknown>(
    PY,
    "materialize",
    files.map((f) => ({ bytes: f.bytes })),
  );
  // The comparison must see real trees: the Python side's answer for a stdlib file has a body.
  const last = answers[answers.length - 1] as { _type?: string; body?: unknown[] };
  assert.equal(last._type, "Module");
  assert.ok((last.body?.length ?? 0) > 0);
  assert.match(difference({ _type: "Name", id: "x" }, { _type: "Name", id: "y" }, "t") ?? "", /id: cpython "x" \| quarry "y"/);
  assert.match(difference({ _type: "A", a: 1, b: 2 }, { _type: "A", b: 2, a: 1 }, "t") ?? "", /keys/);
  const bad: string[] = [];
  files.forEach((f, i) => {
    const r = q.parse(f.bytes);
    if (r.error !== null) {
      bad.push(`${f.name}: quarry rejects it`);
      return;
    }
    const d = difference(revive(answers[i]), r.tree.toJSON(), "Module");
    if (d !== null) bad.push(`${f.name}: ${d}`);
  });
  assert.deepEqual(bad, [], `${bad.length}/${files.length} differ:\n${bad.join("\n")}`);
});

test("constants: every mapping of plainConstant against CPython", async () => {
  const q = await requireQuarry();
  const src =
    [
      "None, True, False, 'é\\U0001F600', ...",
      "0, 9007199254740991, -9007199254740991, 9007199254740992, 10**30, 0x7fffffffffffffffffff",
      "1.5, 0.1, 1.0, 0.0, 1e16, 1e21, 1e22, 1.5e300, 1e400, 2.5e-300",
      "1j, 2.5j, 1e400j, 0j",
      "b'', b'\\x00\\xff abc'",
      "f'{x!r:>{w}}'",
    ].join("\n") + "\n";
  const bytes = new TextEncoder().encode(src);
  const [expected] = await callPython<unknown>(PY, "materialize", [{ bytes }]);
  const r = q.parse(bytes);
  assert.equal(r.error, null);
  assert.equal(difference(revive(expected), r.tree.toJSON(), "Module"), null);
});
