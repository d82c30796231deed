// The Tach rules one file at a time: checkTach itself, run over a view of the project that holds
// one file, with each file's part kept and the parts merged back into the whole result, in the order
// one run over every file gives.
import type { Host } from "../host.js";
import type { ProjectConfig } from "../config/tach.js";
import type { Project, SourceFile } from "../project/project.js";
import type { ExtractResult } from "../extract/imports.js";
import type { Diagnostic } from "../rules/diagnostics.js";
import type { CheckOptions, CheckResult, ModuleTree } from "../rules/tach.js";
import { checkTach } from "../rules/tach.js";

/** One file's part of the Tach result. */
export interface TachFilePart {
  /** The file's own diagnostics, in checkTach's order. */
  diagnostics: Diagnostic[];
  /** `UnknownLayer` errors this file's imports met, in the order met. */
  unknownLayers: Diagnostic[];
  /** Module edges its imports use, with counts. */
  edges: Map<string, Map<string, number>>;
  firstParty: number;
  /** `--exact`: for each module whose unused list this file shortens, what is left of it. */
  unused: Map<string, string[]> | null;
}

/** What the per-file runs share: everything checkTach takes except the files. */
export interface TachContext {
  project: Project;
  config: ProjectConfig;
  tree: ModuleTree;
  options: CheckOptions;
  extract: (file: SourceFile) => ExtractResult | null;
  /** Every declared module's full unused list (a run over no file): what files shorten. */
  baseline: [string, string[]][];
  /** Tach's NoFirstPartyImportsFound warning, as a run reports it (kept from the first file that did). */
  noFirstParty: Diagnostic | null;
}

const configKind = (d: Diagnostic): string | null => {
  const det = d.details as { config?: { kind: string } };
  return det.config?.kind ?? null;
};

/** Builds the shared context (runs checkTach over no file once, for the exact baseline). */
export function tachContext(
  project: Project,
  config: ProjectConfig,
  tree: ModuleTree,
  options: CheckOptions,
  extract: (file: SourceFile) => ExtractResult | null,
): TachContext {
  const empty = checkTach(viewOf(project, [], project.host), config, tree, options, extract);
  return { project, config, tree, options, extract, baseline: empty.unused, noFirstParty: null };
}

/**
 * A view of `project` that lists `files` only and reads through `host`; resolution, listings and
 * their caches stay the project's own.
 */
function viewOf(project: Project, files: SourceFile[], host: Host): Project {
  return Object.create(project, { files: { value: files }, host: { value: host } }) as Project;
}

/**
 * Runs the Tach rules on one file. `host` is what the rules read through (the incremental checker
 * passes one that already holds the file's new bytes, so the file is read once).
 */
export function checkTachFile(ctx: TachContext, file: SourceFile, host: Host): TachFilePart {
  const r: CheckResult = checkTach(viewOf(ctx.project, [file], host), ctx.config, ctx.tree, ctx.options, ctx.extract);
  const diagnostics = r.diagnostics;
  // checkTach ends its list with the project-wide findings: unknown layers, then the warning for a
  // project without first-party imports (which a one-file run gives whenever that file has none).
  let end = diagnostics.length;
  while (end > 0 && configKind(diagnostics[end - 1]!) === "NoFirstPartyImportsFound") {
    ctx.noFirstParty ??= diagnostics[end - 1]!;
    end--;
  }
  let start = end;
  while (start > 0 && configKind(diagnostics[start - 1]!) === "UnknownLayer") start--;
  const unknownLayers = diagnostics.slice(start, end);
  diagnostics.length = start;
  let unused: Map<string, string[]> | null = null;
  if (ctx.options.exact) {
    const mine = new Map(r.unused);
    for (const [m, all] of ctx.baseline) {
      const left = mine.get(m) ?? [];
      if (left.length !== all.length) (unused ??= new Map()).set(m, left);
    }
  }
  return { diagnostics, unknownLayers, edges: r.edges, firstParty: r.firstPartyImports, unused };
}

/**
 * Every file's part, and the whole result they merge into, in `project.files` order: what one
 * checkTach run gives. Replacing a part keeps the sums, and rebuilds only the edges from the
 * modules it touches (an edge map's order is the order edges are first met in, file by file).
 */
export class TachParts {
  readonly ctx: TachContext;
  readonly parts: TachFilePart[];
  private firstParty = 0;
  private diagnosticCount = 0;
  /** Importing module -> the parts with edges from it, in file order. */
  private readonly byFrom = new Map<string, number[]>();
  /** Importing module -> its merged edges (dropped when a part with edges from it is replaced). */
  private readonly merged = new Map<string, Map<string, number>>();

  constructor(ctx: TachContext, parts: TachFilePart[]) {
    this.ctx = ctx;
    this.parts = parts;
    parts.forEach((p, i) => {
      this.firstParty += p.firstParty;
      this.diagnosticCount += p.diagnostics.length;
      for (const from of p.edges.keys()) {
        const l = this.byFrom.get(from);
        if (l === undefined) this.byFrom.set(from, [i]);
        else l.push(i);
      }
    });
  }

  /** Puts `part` in place of file `i`'s part (the file's rules ran again). */
  replace(i: number, part: TachFilePart): void {
    const old = this.parts[i]!;
    this.parts[i] = part;
    this.firstParty += part.firstParty - old.firstParty;
    this.diagnosticCount += part.diagnostics.length - old.diagnostics.length;
    for (const from of old.edges.keys()) {
      const l = this.byFrom.get(from)!;
      l.splice(l.indexOf(i), 1);
      if (l.length === 0) this.byFrom.delete(from);
      this.merged.delete(from);
    }
    for (const from of part.edges.keys()) {
      let l = this.byFrom.get(from);
      if (l === undefined) this.byFrom.set(from, (l = []));
      let at = l.length;
      while (at > 0 && l[at - 1]! > i) at--;
      l.splice(at, 0, i);
      this.merged.delete(from);
    }
  }

  /** The module edges with their counts, in the order one run meets them (the maps are this object's). */
  private edgeMap(): [string, Map<string, number>][] {
    const froms = [...this.byFrom].sort(([, a], [, b]) => a[0]! - b[0]!);
    return froms.map(([from, list]) => {
      let m = this.merged.get(from);
      if (m === undefined) {
        m = new Map();
        for (const j of list) for (const [to, n] of this.parts[j]!.edges.get(from)!) m.set(to, (m.get(to) ?? 0) + n);
        this.merged.set(from, m);
      }
      return [from, m];
    });
  }

  /**
   * The merged result; `first` goes before the rules' diagnostics (the module tree's warnings).
   * Without `withEdges`, its edge map is left empty (edgeList() gives the edges).
   */
  result(first: readonly Diagnostic[] = [], withEdges = true): CheckResult {
    const ctx = this.ctx;
    const diagnostics: Diagnostic[] = new Array(first.length + this.diagnosticCount);
    let k = 0;
    for (const d of first) diagnostics[k++] = d;
    let layers: Map<string, Diagnostic> | null = null;
    for (const p of this.parts) {
      const ds = p.diagnostics;
      for (let j = 0; j < ds.length; j++) diagnostics[k++] = ds[j]!;
      for (const d of p.unknownLayers) {
        const layer = (d.details as { config: { layer: string } }).config.layer;
        layers ??= new Map();
        if (!layers.has(layer)) layers.set(layer, d);
      }
    }
    if (layers !== null) for (const d of layers.values()) diagnostics.push(d);
    if (this.firstParty === 0 && this.parts.length > 0 && ctx.noFirstParty !== null) diagnostics.push(ctx.noFirstParty);
    const unused: [string, string[]][] = [];
    if (ctx.options.exact) {
      // A dependency is unused when no file uses it: what is left after every file's shortening.
      const left = new Map(ctx.baseline);
      for (const p of this.parts) {
        if (p.unused === null) continue;
        for (const [m, mine] of p.unused)
          left.set(
            m,
            left.get(m)!.filter((d) => mine.includes(d)),
          );
      }
      for (const [m] of ctx.baseline) if (left.get(m)!.length > 0) unused.push([m, left.get(m)!]);
    }
    const edges = new Map(withEdges ? this.edgeMap().map(([from, tos]) => [from, new Map(tos)]) : []);
    return { diagnostics, unused, edges, firstPartyImports: this.firstParty };
  }

  /** The edges as TachProjectResult lists them: [from, to, count]. */
  edgeList(): [string, string, number][] {
    const out: [string, string, number][] = [];
    for (const [from, tos] of this.edgeMap()) for (const [to, n] of tos) out.push([from, to, n]);
    return out;
  }
}
