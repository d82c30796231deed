// `quarry tokens FILE|-`: prints what `python -m tokenize -e FILE` prints (CPython 3.14's
// tokenize._main): one "L,C-L,C:" line per token with its exact type name and repr'd string;
// errors as "FILE:LINE:COL: error: MSG" on stderr with exit status 1. For a file nothing is
// printed before an error (tokenize._main lists the tokens first); standard input is read as text
// (universal newlines, no ENCODING token) and its tokens are printed up to the error.
// Deviation: standard input that is not UTF-8 prints "unexpected error: ..." with the decoder's
// message (Python adds its traceback). Messages name the file as given on the command line.
import { readFileSync } from "node:fs";
import { tokenize, type TokenStream } from "../tokenizer/stream.js";
import { reprStr } from "../ast/repr.js";
import { fileArgument, fileCommandHelp } from "./read-source.js";

const HELP = fileCommandHelp("tokens", "Prints the tokens of FILE (- for standard input) exactly as `python -m tokenize -e FILE` does.");

// Python's errno numbers and strerror texts for the read failures a user meets.
const ERRNO: Record<string, [number, string]> = {
  ENOENT: [2, "No such file or directory"],
  EACCES: [13, "Permission denied"],
  EISDIR: [21, "Is a directory"],
  ENOTDIR: [20, "Not a directory"],
};

export function tokensCommand(args: string[], usageError: (msg: string, help?: string) => number): number {
  const file = fileArgument("tokens", args, HELP, usageError);
  if (typeof file === "number") return file;
  if (file === "-") {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(0));
    } catch (e) {
      process.stderr.write(`unexpected error: ${(e as Error).message}\n`);
      return 1;
    }
    // sys.stdin is a text stream with universal newlines.
    const stream = tokenize(text.replace(/\r\n?/g, "\n"));
    process.stdout.write(listing(stream));
    return report(stream, "<stdin>");
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    const known = ERRNO[code];
    const what = known !== undefined ? `[Errno ${known[0]}] ${known[1]}: ${reprStr(file)}` : (e as Error).message;
    process.stderr.write(`error: ${what}\n`);
    return 1;
  }
  const stream = tokenize(bytes, { filename: file });
  if (stream.error !== null) return report(stream, file);
  process.stdout.write(listing(stream));
  return 0;
}

function listing(s: TokenStream): string {
  const out: string[] = [];
  for (let i = 0; i < s.count; i++) {
    const [sl, sc] = s.startPos(i);
    const [el, ec] = s.endPos(i);
    out.push(pad(`${sl},${sc}-${el},${ec}:`, 20) + pad(s.exactTypeName(i), 15) + pad(reprStr(s.string(i)), 15) + "\n");
  }
  return out.join("");
}

// "%-Ns": pads to N code points.
function pad(s: string, n: number): string {
  let len = 0;
  for (const _ of s) len++;
  return len >= n ? s : s + " ".repeat(n - len);
}

function report(s: TokenStream, filename: string): number {
  const e = s.error;
  if (e === null) return 0;
  if (e.lineno !== null && e.cls !== "SyntaxError") process.stderr.write(`${filename}:${e.lineno}:${e.offset ?? 0}: error: ${e.msg}\n`);
  else process.stderr.write(`${filename}: error: ${e.msg}\n`);
  return 1;
}
