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
export function tachContext(project: Project, config: ProjectConfig, tree: ModuleTree, options: CheckOptions, extract: (file: SourceFile) => ExtractResult | null): TachContext {
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

/** The whole result from every file's part, in `project.files` order: what one checkTach run gives. */
export function mergeTach(ctx: TachContext, parts: readonly TachFilePart[]): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const layers = new Map<string, Diagnostic>();
  const edges = new Map<string, Map<string, number>>();
  let firstParty = 0;
  for (const p of parts) {
    for (const d of p.diagnostics) diagnostics.push(d);
    for (const d of p.unknownLayers) {
      const layer = (d.details as { config: { layer: string } }).config.layer;
      if (!layers.has(layer)) layers.set(layer, d);
    }
    for (const [from, tos] of p.edges) {
      let m = edges.get(from);
      if (m === undefined) edges.set(from, (m = new Map()));
      for (const [to, n] of tos) m.set(to, (m.get(to) ?? 0) + n);
    }
    firstParty += p.firstParty;
  }
  for (const d of layers.values()) diagnostics.push(d);
  if (firstParty === 0 && parts.length > 0 && ctx.noFirstParty !== null) diagnostics.push(ctx.noFirstParty);
  const unused: [string, string[]][] = [];
  if (ctx.options.exact) {
    // A dependency is unused when no file uses it: what is left after every file's shortening.
    for (const [m, all] of ctx.baseline) {
      let left = all;
      for (const p of parts) {
        const mine = p.unused?.get(m);
        if (mine !== undefined) left = left.filter((d) => mine.includes(d));
      }
      if (left.length > 0) unused.push([m, left]);
    }
  }
  return { diagnostics, unused, edges, firstPartyImports: firstParty };
}
