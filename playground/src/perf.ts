// Timings the page measures itself after each re-parse, kept for the hidden #perf line that the
// browser test reads: parse, tree-pane update, and (once the engine lands) query time, in ms.

const KEEP = 200;

/** A rolling window of samples per measure. */
export class PerfLog {
  readonly #samples = new Map<string, number[]>();
  readonly #el: HTMLElement;

  constructor(el: HTMLElement) {
    this.#el = el;
  }

  add(name: string, ms: number): void {
    let s = this.#samples.get(name);
    if (s === undefined) this.#samples.set(name, (s = []));
    s.push(ms);
    if (s.length > KEEP) s.shift();
  }

  /** Drops every sample (the test does this before it starts timing). */
  reset(): void {
    this.#samples.clear();
    this.render();
  }

  median(name: string): number | null {
    const s = this.#samples.get(name);
    if (s === undefined || s.length === 0) return null;
    const sorted = [...s].sort((a, b) => a - b);
    return sorted[sorted.length >> 1]!;
  }

  /** Writes the medians into the hidden line, as text and as data-* attributes. */
  render(): void {
    const parts: string[] = [];
    for (const [name, s] of this.#samples) {
      const m = this.median(name)!;
      this.#el.dataset[name] = m.toFixed(3);
      this.#el.dataset[`${name}N`] = String(s.length);
      parts.push(`${name} ${m.toFixed(2)} ms (n=${s.length})`);
    }
    this.#el.textContent = parts.join(", ");
  }
}
