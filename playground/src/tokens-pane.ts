// The token pane: quarry's internal token stream ("line,col-line,col  KIND  'text'"), rows drawn
// only when visible. Columns are UTF-16 units, as the editor counts them. The CPython-exact public
// tokenize (with COMMENT and NL tokens) will replace the internal tokenizer here.
import { tokenize, type Tokens } from "../../src/tokenizer/tokenizer.js";
import { TokenKind, isKeyword } from "../../src/tokenizer/token-kind.js";
import { Interner } from "../../src/core/interner.js";
import { VirtualList } from "./virtual-list.js";

const KIND_NAME: string[] = [];
for (const [name, k] of Object.entries(TokenKind)) KIND_NAME[k] = name;

const decoder = new TextDecoder();

export class TokensPane {
  readonly #list: VirtualList;
  #src: Uint8Array = new Uint8Array(0);
  #tokens: Tokens | null = null;

  constructor(el: HTMLElement) {
    this.#list = new VirtualList(el, (row, i) => this.#renderRow(row, i));
  }

  /** Tokenizes `src` (decoded UTF-8, as parse() sees it) and redraws. */
  update(src: Uint8Array): void {
    this.#src = src;
    this.#tokens = tokenize(src, new Interner());
    this.#list.update(this.#tokens.count + (this.#tokens.error !== null ? 1 : 0));
  }

  #position(offset: number): string {
    const t = this.#tokens!;
    let lo = 0;
    let hi = t.lineCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (t.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const col = decoder.decode(this.#src.subarray(t.lineStarts[lo]!, offset)).length;
    return `${lo + 1},${col}`;
  }

  #renderRow(row: HTMLDivElement, i: number): void {
    const t = this.#tokens!;
    if (i >= t.count) {
      row.textContent = `${t.error!.cls}: ${t.error!.msg} (line ${t.error!.lineno ?? "?"})`;
      return;
    }
    const k = t.kind[i]!;
    const s = t.start[i]!;
    const e = t.end[i]!;
    const exact = KIND_NAME[k] ?? String(k);
    const kind = isKeyword(k) ? "NAME" : k >= TokenKind.LPAR && k < TokenKind.KW_FALSE ? "OP" : exact;
    const parts: [string, string][] = [
      ["tp", `${this.#position(s)}-${this.#position(e)}:`],
      ["tk", kind === exact ? kind : `${kind} (${exact})`],
      ["", JSON.stringify(decoder.decode(this.#src.subarray(s, e)))],
    ];
    for (const [cls, text] of parts) {
      const span = document.createElement("span");
      if (cls !== "") span.className = cls;
      span.textContent = text;
      row.append(span);
    }
  }
}
