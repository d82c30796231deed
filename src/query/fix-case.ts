// The `convert` transform's case conversions (ast-grep's toCase / separatedBy): text split into
// words at separators and at case changes, then joined in the asked case.

/** The cases `convert` knows (ast-grep's names). */
export const CASES = ["lowerCase", "upperCase", "capitalize", "camelCase", "snakeCase", "kebabCase", "pascalCase"] as const;
export type StringCase = (typeof CASES)[number];

/** The separators `separatedBy` knows; `caseChange` splits `fooBar` and `XMLHttp` (before the last capital of a run). */
export const SEPARATORS = ["caseChange", "dash", "dot", "slash", "space", "underscore"] as const;
export type Separator = (typeof SEPARATORS)[number];

const SEP_CHAR: Record<Exclude<Separator, "caseChange">, string> = { dash: "-", dot: ".", slash: "/", space: " ", underscore: "_" };

const isUpper = (c: string): boolean => c !== c.toLowerCase() && c === c.toUpperCase();
const isLower = (c: string): boolean => c !== c.toUpperCase() && c === c.toLowerCase();
const isDigit = (c: string): boolean => c >= "0" && c <= "9";

/**
 * The words of `s`: split at the separators (all of them when `seps` is undefined) and, when
 * `caseChange` is among them, before a capital that follows a lower-case letter or a digit, and
 * before the last capital of a run followed by a lower-case letter (`XMLHttp` -> XML, Http).
 * Empty words are dropped.
 */
export function splitWords(s: string, seps?: readonly Separator[]): string[] {
  const use = seps ?? SEPARATORS;
  const delims = new Set(use.filter((x) => x !== "caseChange").map((x) => SEP_CHAR[x as Exclude<Separator, "caseChange">]));
  const byCase = use.includes("caseChange");
  const words: string[] = [];
  let cur: string[] = [];
  const flush = () => {
    if (cur.length > 0) words.push(cur.join(""));
    cur = [];
  };
  for (const c of s) {
    if (delims.has(c)) {
      flush();
      continue;
    }
    if (byCase && cur.length > 0) {
      const prev = cur[cur.length - 1]!;
      if (isUpper(c) && (isLower(prev) || isDigit(prev))) {
        flush();
      } else if (isLower(c) && isUpper(prev) && cur.length >= 2 && isUpper(cur[cur.length - 2]!)) {
        cur.pop();
        flush();
        cur.push(prev);
      }
    }
    cur.push(c);
  }
  flush();
  return words;
}

function capitalize(w: string): string {
  const first = w.codePointAt(0);
  if (first === undefined) return w;
  const c = String.fromCodePoint(first);
  return c.toUpperCase() + w.slice(c.length);
}

/** `s` converted to `to` (words split by splitWords for the joined cases). */
export function convertCase(s: string, to: StringCase, seps?: readonly Separator[]): string {
  switch (to) {
    case "lowerCase":
      return s.toLowerCase();
    case "upperCase":
      return s.toUpperCase();
    case "capitalize":
      return capitalize(s);
    case "camelCase":
      return splitWords(s, seps)
        .map((w, i) => (i === 0 ? w.toLowerCase() : capitalize(w)))
        .join("");
    case "snakeCase":
      return splitWords(s, seps)
        .map((w) => w.toLowerCase())
        .join("_");
    case "kebabCase":
      return splitWords(s, seps)
        .map((w) => w.toLowerCase())
        .join("-");
    case "pascalCase":
      return splitWords(s, seps).map(capitalize).join("");
  }
}
