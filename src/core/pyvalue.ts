// Python constant values as JS values: the payload of `Constant` nodes. Plain data, no behaviour
// beyond construction (and, for str, the code-point helpers below); `ast/repr.ts` renders them as
// Python's repr() does.
//
//   Python    JS
//   int       bigint (any size)
//   float     number
//   complex   PyComplex
//   str       string (UTF-16; may hold lone surrogates, as a Python str can), or PyStr for the
//             rare str a JS string cannot hold (a high surrogate code point directly followed by
//             a low one: Python's '\ud800\udc00' is two code points, a JS "\ud800\udc00" is one)
//   bytes     PyBytes
//   bool      boolean
//   None      null
//   Ellipsis  PY_ELLIPSIS (the only PyEllipsis)

/** A Python `bytes` value. */
export class PyBytes {
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
}

/**
 * A Python `str` that a JS string cannot hold: one where a surrogate code point U+D800..U+DBFF is
 * directly followed by one in U+DC00..U+DFFF. Python keeps such a pair as two code points (the
 * literal `'\ud800\udc00'` has `len` 2), while in a JS string the two code units read as one
 * character (U+10000). Every other str, lone surrogates included, is a plain JS `string`, so a
 * PyStr never equals a `string` and two PyStr are equal exactly when `text` and `splits` are.
 *
 * Made only by `PyStr.fromCodePoints` (which returns a plain string when one can hold the value)
 * and by quarry itself (string literals with such escapes, `fromJSON`). Immutable.
 */
export class PyStr {
  /**
   * The str's code points as UTF-16 code units, each surrogate code point as one unit: the JS
   * string that reads the same except that each split pair reads as one character (so it is
   * lossy as a JS string: use `codePoints()` or `splits` to tell).
   */
  readonly text: string;
  /**
   * Ascending indexes into `text` of each low surrogate unit that is a code point of its own
   * although a high surrogate unit precedes it. Never empty.
   */
  readonly splits: readonly number[];

  private constructor(text: string, splits: readonly number[]) {
    this.text = text;
    this.splits = Object.freeze(splits.slice());
    Object.freeze(this);
  }

  /**
   * The Python str made of `codePoints`: a plain JS string when one can hold it (no high
   * surrogate directly followed by a low one), else a PyStr. Throws a RangeError for a value
   * that is not an integer in 0..0x10FFFF.
   */
  static fromCodePoints(codePoints: Iterable<number>): string | PyStr {
    let text = "";
    let splits: number[] | null = null;
    let prevHigh = false;
    for (const c of codePoints) {
      if (!Number.isInteger(c) || c < 0 || c > 0x10ffff)
        throw new RangeError(`PyStr.fromCodePoints: ${String(c)} is not a code point (0..0x10FFFF)`);
      if (prevHigh && c >= 0xdc00 && c <= 0xdfff) (splits ??= []).push(text.length);
      prevHigh = c >= 0xd800 && c <= 0xdbff;
      text += c <= 0xffff ? String.fromCharCode(c) : String.fromCodePoint(c);
    }
    return splits === null ? text : new PyStr(text, splits);
  }

  /**
   * @internal Trusted construction: `splits` must be non-empty, ascending, and each index must
   * sit between a high and a low surrogate unit of `text`.
   */
  static fromSplits(text: string, splits: readonly number[]): PyStr {
    return new PyStr(text, splits);
  }

  /** The code points, as Python iterates the str (`[ord(c) for c in s]`). */
  codePoints(): number[] {
    const s = this.text;
    const out: number[] = [];
    let k = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          while (k < this.splits.length && this.splits[k]! <= i) k++;
          if (this.splits[k] !== i + 1) {
            out.push(0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00));
            i++;
            continue;
          }
        }
      }
      out.push(c);
    }
    return out;
  }

  /** `text`: the code units, where each split pair reads as one character. */
  toString(): string {
    return this.text;
  }
}

/** Python's `a == b` for two str values. */
export function strEquals(a: string | PyStr, b: string | PyStr): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  if (a.text !== b.text || a.splits.length !== b.splits.length) return false;
  for (let i = 0; i < a.splits.length; i++) if (a.splits[i] !== b.splits[i]) return false;
  return true;
}

/**
 * Python's `a + b` for two str values, as one value again (a PyStr when a high surrogate at the end
 * of `a` meets a low one at the start of `b`, or either is one). Two plain strings that do not
 * meet that way cost one comparison more than `a + b`.
 */
export function concatStr(a: string | PyStr, b: string | PyStr): string | PyStr {
  const at = typeof a === "string" ? a : a.text;
  const bt = typeof b === "string" ? b : b.text;
  let meet = false;
  if (at.length > 0 && bt.length > 0) {
    const h = at.charCodeAt(at.length - 1);
    const l = bt.charCodeAt(0);
    meet = h >= 0xd800 && h <= 0xdbff && l >= 0xdc00 && l <= 0xdfff;
  }
  if (!meet && typeof a === "string" && typeof b === "string") return a + b;
  const splits: number[] = typeof a === "string" ? [] : a.splits.slice();
  if (meet) splits.push(at.length);
  if (typeof b !== "string") for (const i of b.splits) splits.push(at.length + i);
  return splits.length === 0 ? at + bt : PyStr.fromSplits(at + bt, splits);
}

/**
 * `s` cut at its split points: plain strings whose concatenation, each read as a JS string, is
 * the str's code points (one piece for a string).
 */
export function strSegments(s: string | PyStr): string[] {
  if (typeof s === "string") return [s];
  const out: string[] = [];
  let from = 0;
  for (const i of s.splits) {
    out.push(s.text.slice(from, i));
    from = i;
  }
  out.push(s.text.slice(from));
  return out;
}

/** A Python `complex` value. Literals only ever make `0+Nj` (real part +0.0). */
export class PyComplex {
  readonly real: number;
  readonly imag: number;
  constructor(real: number, imag: number) {
    this.real = real;
    this.imag = imag;
  }
}

/** The type of Python's `Ellipsis` (`...`); its one instance is `PY_ELLIPSIS`. */
export class PyEllipsis {
  // A private member makes the type nominal, so arbitrary `{}`-shaped objects are not PyEllipsis.
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: the brand is read by the type checker only
  private readonly brand = "Ellipsis";
  private constructor() {}
  /** The one instance (also exported as PY_ELLIPSIS). Frozen. */
  static readonly INSTANCE: PyEllipsis = PyEllipsis.freeze(new PyEllipsis());
  private static freeze(e: PyEllipsis): PyEllipsis {
    Object.freeze(e);
    return e;
  }
}

/** Python's `Ellipsis` singleton. */
export const PY_ELLIPSIS: PyEllipsis = PyEllipsis.INSTANCE;

/** Any value a Python `Constant` node can hold. */
export type PyValue = bigint | number | string | PyStr | boolean | null | PyBytes | PyComplex | PyEllipsis;
