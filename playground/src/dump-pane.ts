// The ast.dump pane: the text wrapped at the pane's width into fixed-height rows, drawn only when
// visible (VirtualList). A dump with attributes and indent of a 2,000-line file is megabytes:
// laid out as one <pre> it cost half a second per keystroke.
import { VirtualList } from "./virtual-list.js";

export class DumpPane {
  readonly #el: HTMLElement;
  readonly #list: VirtualList;
  #text = "";
  // Row r shows text[#starts[r], #ends[r]).
  #starts: number[] = [];
  #ends: number[] = [];
  #cols = 0;
  #charWidth = 0;

  constructor(el: HTMLElement) {
    this.#el = el;
    this.#list = new VirtualList(el, (row, i) => {
      row.textContent = this.#text.slice(this.#starts[i], this.#ends[i]);
    });
    new ResizeObserver(() => {
      if (this.#columns() !== this.#cols) this.#wrap();
    }).observe(el);
  }

  /** The whole dump text. */
  get text(): string {
    return this.#text;
  }

  setText(text: string): void {
    this.#text = text;
    this.#wrap();
  }

  // Characters per row at the pane's width (80 while the pane is hidden).
  #columns(): number {
    const w = this.#el.clientWidth;
    if (w === 0) return 80;
    if (this.#charWidth === 0) {
      const probe = document.createElement("span");
      probe.textContent = "0".repeat(100);
      probe.style.visibility = "hidden";
      this.#el.append(probe);
      this.#charWidth = probe.getBoundingClientRect().width / 100 || 7;
      probe.remove();
    }
    return Math.max(20, Math.floor((w - 24) / this.#charWidth));
  }

  #wrap(): void {
    const cols = (this.#cols = this.#columns());
    const t = this.#text;
    const starts: number[] = [];
    const ends: number[] = [];
    let s = 0;
    while (s <= t.length) {
      let nl = t.indexOf("\n", s);
      if (nl < 0) nl = t.length;
      // Lines longer than the pane are cut into rows of `cols` characters (code units: the dump is
      // ASCII but for string constants, where a split surrogate pair only costs one odd glyph).
      for (let a = s; ; a += cols) {
        starts.push(a);
        ends.push(Math.min(a + cols, nl));
        if (a + cols >= nl) break;
      }
      s = nl + 1;
    }
    this.#starts = starts;
    this.#ends = ends;
    this.#list.update(starts.length);
  }
}
