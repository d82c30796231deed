// The token pane: Python's tokenize stream (quarry's CPython-exact tokenize, COMMENT and NL
// included) as `python -m tokenize -e` prints it: "line,col-line,col:  TYPE  'string'", columns in
// code points. Rows are drawn only when visible; positions are computed per drawn row.
import { tokenize, type TokenStream } from "../../src/tokenizer/stream.js";
import { reprStr } from "../../src/ast/repr.js";
import { VirtualList } from "./virtual-list.js";

export class TokensPane {
  readonly #list: VirtualList;
  #tokens: TokenStream | null = null;

  constructor(el: HTMLElement) {
    this.#list = new VirtualList(el, (row, i) => this.#renderRow(row, i));
  }

  /** Tokenizes `source` and redraws. */
  update(source: string): void {
    this.#tokens = tokenize(source);
    this.#list.update(this.#tokens.count + (this.#tokens.error !== null ? 1 : 0));
  }

  #renderRow(row: HTMLDivElement, i: number): void {
    const t = this.#tokens!;
    if (i >= t.count) {
      const e = t.error!;
      row.textContent = `${e.cls}: ${e.msg}${e.lineno === null ? "" : ` (${e.lineno}, ${e.offset ?? 0})`}`;
      return;
    }
    const [sl, sc] = t.startPos(i);
    const [el, ec] = t.endPos(i);
    const parts: [string, string][] = [
      ["tp", `${sl},${sc}-${el},${ec}:`],
      ["tk", t.exactTypeName(i)],
      ["", reprStr(t.string(i))],
    ];
    for (const [cls, text] of parts) {
      const span = document.createElement("span");
      if (cls !== "") span.className = cls;
      span.textContent = text;
      row.append(span);
    }
  }
}
