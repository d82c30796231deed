// Python's repr() of constant values, character for character as CPython 3.14 prints them (what
// ast.dump shows inside Constant(value=...)). Pure functions; no allocation beyond the result.
import { PyBytes, PyComplex, PyStr, type PyValue } from "../core/pyvalue.js";
import { PRINTABLE_BOUNDARIES } from "../core/generated/unicode-printable.js";

/**
 * Returns `repr(v)` as CPython 3.14 computes it: str/bytes quoting and escapes, ints of any size,
 * floats and complex numbers in repr's shortest round-trip form, True/False/None/Ellipsis.
 *
 * One difference: CPython refuses to repr an int of more than 4300 decimal digits (ValueError, so
 * ast.dump fails); this returns the digits. reprLimitError tells when CPython would fail.
 */
export function pyRepr(v: PyValue): string {
  switch (typeof v) {
    case "string":
      return reprStr(v);
    case "bigint":
      return v.toString();
    case "number":
      return reprFloat(v);
    case "boolean":
      return v ? "True" : "False";
    default:
      if (v === null) return "None";
      if (v instanceof PyStr) return reprStr(v);
      if (v instanceof PyBytes) return reprBytes(v.bytes);
      if (v instanceof PyComplex) return reprComplex(v);
      return "Ellipsis";
  }
}

/**
 * The ValueError message CPython's repr() raises for `v`, or null: ints of more than 4300 decimal
 * digits (sys.get_int_max_str_digits() default) cannot be converted to str.
 */
export function reprLimitError(v: PyValue): string | null {
  if (typeof v !== "bigint") return null;
  const digits = v < 0n ? v.toString().length - 1 : v.toString().length;
  if (digits <= 4300) return null;
  return "Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit";
}

const HEX = "0123456789abcdef";

/**
 * repr() of a Python str (code points; lone surrogates are escaped as \udXXX, so a PyStr's split
 * pair prints as `'\ud800\udc00'`, as CPython prints it).
 */
export function reprStr(str: string | PyStr): string {
  const s = typeof str === "string" ? str : str.text;
  const splits = typeof str === "string" ? null : str.splits;
  let sp = 0; // the first split point not yet passed
  // Quote choice: single quotes unless the text has ' and no ".
  let quote = 0x27;
  if (s.indexOf("'") >= 0 && s.indexOf('"') < 0) quote = 0x22;
  // Fast path: printable ASCII with nothing to escape.
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === quote || c === 0x5c) break;
  }
  const q = String.fromCharCode(quote);
  if (i === s.length) return q + s + q;
  let out = q + s.slice(0, i);
  let run = i; // start of a pending run of characters copied verbatim
  while (i < s.length) {
    let c = s.charCodeAt(i);
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (splits !== null) while (sp < splits.length && splits[sp]! <= i) sp++;
      if (d >= 0xdc00 && d <= 0xdfff && (splits === null || splits[sp] !== i + 1)) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        width = 2;
      }
    }
    let esc: string | null = null;
    if (c < 0x7f) {
      if (c === quote || c === 0x5c) esc = "\\" + String.fromCharCode(c);
      else if (c === 0x09) esc = "\\t";
      else if (c === 0x0a) esc = "\\n";
      else if (c === 0x0d) esc = "\\r";
      else if (c < 0x20) esc = "\\x" + HEX[c >> 4] + HEX[c & 15];
    } else if (!isPrintable(c)) {
      if (c <= 0xff) esc = "\\x" + hex(c, 2);
      else if (c <= 0xffff) esc = "\\u" + hex(c, 4);
      else esc = "\\U" + hex(c, 8);
    }
    if (esc !== null) {
      out += s.slice(run, i) + esc;
      run = i + width;
    }
    i += width;
  }
  return out + s.slice(run) + q;
}

function hex(c: number, digits: number): string {
  return c.toString(16).padStart(digits, "0");
}

/** repr() of a Python bytes value. */
export function reprBytes(b: Uint8Array): string {
  let quote = 0x27;
  if (b.indexOf(0x27) >= 0 && b.indexOf(0x22) < 0) quote = 0x22;
  let out = "b" + String.fromCharCode(quote);
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === quote || c === 0x5c) out += "\\" + String.fromCharCode(c);
    else if (c === 0x09) out += "\\t";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c < 0x20 || c >= 0x7f) out += "\\x" + HEX[c >> 4] + HEX[c & 15];
    else out += String.fromCharCode(c);
  }
  return out + String.fromCharCode(quote);
}

/** repr() of a Python float: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function reprFloat(x: number): string {
  return formatFloat(x, true);
}

// CPython's float_repr_style 'short' formatting (format code 'r'). `addDot0` adds ".0" to
// integral values in positional form, as float repr does; complex repr does not.
function formatFloat(x: number, addDot0: boolean): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? (addDot0 ? "-0.0" : "-0") : addDot0 ? "0.0" : "0";
  // JS and CPython agree on the shortest digit string that round-trips; only layout differs.
  const e = x.toExponential(); // "-d.ddde+N" with as many digits as needed
  const neg = x < 0;
  const ePos = e.indexOf("e");
  const mant = e.slice(neg ? 1 : 0, ePos);
  const digits = mant.length > 1 ? mant[0] + mant.slice(2) : mant;
  const exp = Number(e.slice(ePos + 1));
  const decpt = exp + 1; // position of the decimal point relative to the digit string
  let out: string;
  if (decpt <= -4 || decpt > 16) {
    out = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    out += (exp < 0 ? "e-" : "e+") + String(Math.abs(exp)).padStart(2, "0");
  } else if (decpt <= 0) {
    out = "0." + "0".repeat(-decpt) + digits;
  } else if (decpt >= digits.length) {
    out = digits + "0".repeat(decpt - digits.length) + (addDot0 ? ".0" : "");
  } else {
    out = digits.slice(0, decpt) + "." + digits.slice(decpt);
  }
  return neg ? "-" + out : out;
}

/** repr() of a Python complex: `1j`, `-0j`, `(1+2j)`, `(-0-1j)`, `infj`, `(nan+nanj)`... */
export function reprComplex(z: PyComplex): string {
  if (z.real === 0 && !Object.is(z.real, -0)) return formatFloat(z.imag, false) + "j";
  const im = formatFloat(z.imag, false);
  const sign = im[0] === "-" ? "" : "+";
  return "(" + formatFloat(z.real, false) + sign + im + "j)";
}

// ---- str.isprintable() over all code points, from the generated boundary table.

let bounds: Uint32Array | null = null;

function loadBounds(): Uint32Array {
  const parts = PRINTABLE_BOUNDARIES.split(",");
  const b = new Uint32Array(parts.length);
  let acc = 0;
  for (let i = 0; i < parts.length; i++) b[i] = acc += parseInt(parts[i]!, 36);
  return b;
}

/** Python's `chr(c).isprintable()` for a code point (0..0x10FFFF). */
export function isPrintable(c: number): boolean {
  if (c < 0x7f) return c >= 0x20;
  const b = (bounds ??= loadBounds());
  // Find the number of boundaries <= c; printability flips at each one, starting "not printable".
  let lo = 0;
  let hi = b.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (b[mid]! <= c) lo = mid + 1;
    else hi = mid;
  }
  return (lo & 1) === 1;
}
