// Python constant values as JS values: the payload of `Constant` nodes. Plain data, no behaviour
// beyond construction; `ast/repr.ts` renders them as Python's repr() does.
//
//   Python    JS
//   int       bigint (any size)
//   float     number
//   complex   PyComplex
//   str       string (UTF-16; may hold lone surrogates, as a Python str can)
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
export type PyValue = bigint | number | string | boolean | null | PyBytes | PyComplex | PyEllipsis;
