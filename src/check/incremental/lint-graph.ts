// The import-linter side of a re-check: after files change content, their modules' imports are
// rebuilt (buildGraph over those files only) and put into a copy of the graph; the contracts run
// again only when an import (or an import's line) changed.
import type { ImportLinterConfig } from "../config/importlinter.js";
import type { FileExtraction } from "../extract/import-lines.js";
import { ImportGraph, buildGraph, checkContract, type ContractResult, type GraphSource, type ImportDetail } from "../rules/importlinter.js";

/**
 * `graph` with the outgoing imports of `modules` rebuilt from `extract` (every source of those
 * modules is extracted; the others are not asked), or null when nothing changed. The result is a
 * new graph: the old one, which an earlier result holds, is left as it was.
 */
export function regraph(
  graph: ImportGraph,
  sources: readonly GraphSource[],
  modules: ReadonlySet<string>,
  extract: (s: GraphSource) => FileExtraction | null,
  config: ImportLinterConfig,
): ImportGraph | null {
  const fresh = buildGraph(sources as GraphSource[], (s) => (modules.has(s.module) ? extract(s) : null), config);
  let changed = false;
  for (const m of modules) if (!sameOuts(graph.out.get(m), fresh.out.get(m))) changed = true;
  if (!changed) return null;
  const g = new ImportGraph();
  for (const m of graph.modules) g.modules.add(m);
  for (const [m, f] of graph.files) g.files.set(m, f);
  g.fileCount = graph.fileCount;
  // The importers keep the order a full build gives them: the order of the sources.
  const seen = new Set<string>();
  for (const s of sources) {
    if (seen.has(s.module)) continue;
    seen.add(s.module);
    const outs = modules.has(s.module) ? fresh.out.get(s.module) : graph.out.get(s.module);
    if (outs !== undefined) g.out.set(s.module, outs);
  }
  // External packages are the targets outside the graph's modules, in the order first imported.
  if (config.include_external_packages) {
    for (const outs of g.out.values()) for (const to of outs.keys()) if (!g.modules.has(to)) g.external.add(to);
  }
  return g;
}

function sameOuts(a: Map<string, ImportDetail[]> | undefined, b: Map<string, ImportDetail[]> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.size !== b.size) return false;
  const ea = [...a];
  const eb = [...b];
  for (let i = 0; i < ea.length; i++) {
    const [ta, da] = ea[i]!;
    const [tb, db] = eb[i]!;
    if (ta !== tb || da.length !== db.length) return false;
    for (let k = 0; k < da.length; k++) if (da[k]!.line !== db[k]!.line || da[k]!.text !== db[k]!.text) return false;
  }
  return true;
}

/** The contracts of a run checked again on `graph`, as runImportLinter picks them. */
export function recheckContracts(graph: ImportGraph, previous: readonly ContractResult[], config: ImportLinterConfig): ContractResult[] {
  return previous.map((r) => checkContract(graph, r.contract, config));
}
