// A scrolling list that creates DOM rows only for what is visible (plus a margin), so a pane of
// 20,000 nodes or tokens costs as much as one of 50. Rows have one fixed height (CSS --row).

export const ROW_HEIGHT = 20;
const OVERSCAN = 10;

/** Fills `row` (an empty div, already positioned) for item `index`. */
export type RenderRow = (row: HTMLDivElement, index: number) => void;

export class VirtualList {
  readonly #el: HTMLElement;
  readonly #spacer: HTMLDivElement;
  #count = 0;
  #render: RenderRow;

  constructor(el: HTMLElement, render: RenderRow) {
    this.#el = el;
    this.#render = render;
    this.#spacer = document.createElement("div");
    this.#spacer.className = "spacer";
    el.append(this.#spacer);
    el.addEventListener("scroll", () => this.draw(), { passive: true });
  }

  get element(): HTMLElement {
    return this.#el;
  }

  /** Sets the item count and redraws the visible rows. */
  update(count: number): void {
    this.#count = count;
    this.#spacer.style.height = `${count * ROW_HEIGHT}px`;
    this.draw();
  }

  /** Scrolls so item `index` is visible (centred when it was far off). */
  reveal(index: number): void {
    const top = index * ROW_HEIGHT;
    const h = this.#el.clientHeight;
    if (top < this.#el.scrollTop || top + ROW_HEIGHT > this.#el.scrollTop + h) this.#el.scrollTop = Math.max(0, top - h / 2);
    this.draw();
  }

  /** Redraws the rows in view. */
  draw(): void {
    const h = this.#el.clientHeight || 600;
    const first = Math.max(0, Math.floor(this.#el.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.#count, Math.ceil((this.#el.scrollTop + h) / ROW_HEIGHT) + OVERSCAN);
    const rows: HTMLDivElement[] = [];
    for (let i = first; i < last; i++) {
      const row = document.createElement("div");
      row.className = "row";
      row.style.top = `${i * ROW_HEIGHT}px`;
      row.dataset.index = String(i);
      this.#render(row, i);
      rows.push(row);
    }
    this.#spacer.replaceChildren(...rows);
  }
}
