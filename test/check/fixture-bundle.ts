// A fixture project in one file: header lines (`feature:`, `asserts:`, `args:`), then each file
// of the project after a `== path` line, then `==== expected` and the expected output to the end.
export interface Bundle {
  /** The feature the fixture pins (counted per feature by the fixture test). */
  feature: string;
  /** What the fixture asserts, and where the behaviour comes from. */
  asserts: string;
  /** The command-line arguments, one line. */
  args: string;
  /** Project files: relative path -> text. */
  files: [string, string][];
  /** Exit code, stdout and stderr as the fixture test renders them. */
  expected: string;
}

/** Where a bundle's project lives in the in-memory host. */
export const BUNDLE_ROOT = "/fx";

const EXPECTED = "==== expected\n";

/** Parses a bundle; a malformed one throws with the offending line. */
export function parseBundle(text: string): Bundle {
  const cut = text.indexOf(EXPECTED);
  const expected = cut < 0 ? "" : text.slice(cut + EXPECTED.length);
  const body = cut < 0 ? text : text.slice(0, cut);
  const lines = body.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const b: Bundle = { feature: "", asserts: "", args: "", files: [], expected };
  let i = 0;
  for (; i < lines.length && !lines[i]!.startsWith("== "); i++) {
    const m = /^(feature|asserts|args):\s?(.*)$/.exec(lines[i]!);
    if (m === null) throw new Error(`fixture bundle: bad header line ${i + 1}: ${lines[i]}`);
    b[m[1] as "feature" | "asserts" | "args"] = m[2]!.trim();
  }
  if (b.feature === "") throw new Error("fixture bundle: no feature line");
  let current: [string, string[]] | null = null;
  const flush = () => {
    if (current !== null) b.files.push([current[0], current[1].map((l) => l + "\n").join("")]);
  };
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.startsWith("== ")) {
      flush();
      current = [l.slice(3).trim(), []];
    } else current![1].push(l);
  }
  flush();
  return b;
}

/** Writes a bundle back (the fixture test does so with UPDATE=1). */
export function writeBundle(b: Bundle): string {
  let s = `feature: ${b.feature}\nasserts: ${b.asserts}\nargs: ${b.args}\n`;
  for (const [p, text] of b.files) s += `== ${p}\n${text}`;
  return s + EXPECTED + b.expected;
}
