// `quarry graph`: the module graph (declared and used dependencies) or the file graph, as DOT,
// Mermaid or JSON, with edges that break a rule marked.
import type { ModuleTree } from "../rules/tach.js";
import type { CheckResult } from "../rules/tach.js";
import type { Project } from "../project/project.js";
import { resolveRelative } from "../project/project.js";
import { ROOT } from "../rules/tach.js";
import type { ExtractResult } from "../extract/imports.js";
import { renderGraphHtml, type HtmlImport } from "./graph-html.js";

export type GraphFormat = "dot" | "mermaid" | "json" | "map" | "html";

/** What `--format html` needs besides the graph: the layout library's browser build and a title. */
export interface HtmlOptions {
  /** dagre's browser build (dist/dagre.min.js), inlined into the page. */
  layoutScript: string;
  title: string;
  /** Tach's layers, highest first. */
  layers: string[];
}

interface Edge {
  from: string;
  to: string;
  declared: boolean;
  used: number;
  deprecated: boolean;
  violation: boolean;
  /** The import statements behind the edge (collected for --format html only). */
  imports?: HtmlImport[];
}

function violationPairs(result: CheckResult): Set<string> {
  const s = new Set<string>();
  for (const d of result.diagnostics) {
    if (!("code" in d.details) || d.severity !== "Error") continue;
    const c = d.details.code;
    if ("usage_module" in c && "definition_module" in c) s.add(`${c.usage_module}\u0000${c.definition_module}`);
  }
  return s;
}

export function renderModuleGraph(
  tree: ModuleTree,
  result: CheckResult,
  project: Project,
  format: GraphFormat,
  files: boolean,
  extract: (path: string) => ExtractResult | null,
  html?: HtmlOptions,
): string {
  const bad = violationPairs(result);
  // Calls `visit` for every import of a project file that resolves to a project file.
  const eachImport = (visit: (f: Project["files"][number], target: string, rel: string, name: string, line: number) => void): void => {
    for (const f of project.files) {
      const data = extract(f.path);
      if (data === null) continue;
      for (const imp of data.imports) {
        const targets: { t: string; line: number }[] = [];
        if (imp.kind === "import") for (const n of imp.names) targets.push({ t: n.name, line: n.line });
        else {
          const base = resolveRelative(f.module === "." ? "" : f.module, f.isInit, imp.level, imp.module);
          if (base === null) continue;
          for (const n of imp.names) targets.push({ t: n.name === "*" ? base : base === "" ? n.name : `${base}.${n.name}`, line: n.line });
        }
        for (const { t, line } of targets) {
          const r = project.resolve(t);
          if (r === null) continue;
          visit(f, t, r.file.slice(project.rootDir.length + 1), t, line);
        }
      }
    }
  };
  const edges = new Map<string, Edge>();
  const nodes = new Set<string>();
  const edge = (from: string, to: string): Edge => {
    const k = `${from}\u0000${to}`;
    let e = edges.get(k);
    if (e === undefined) edges.set(k, (e = { from, to, declared: false, used: 0, deprecated: false, violation: false }));
    nodes.add(from);
    nodes.add(to);
    return e;
  };
  if (!files) {
    for (const m of tree.modules()) {
      if (m.implicit) continue;
      nodes.add(m.path);
      for (const d of m.config.depends_on ?? []) {
        const e = edge(m.path, d.path === "." ? "<root>" : d.path);
        e.declared = true;
        e.deprecated ||= d.deprecated;
      }
    }
    for (const [from, outs] of result.edges) for (const [to, n] of outs) edge(from, to).used += n;
    for (const e of edges.values()) e.violation = bad.has(`${e.from}\u0000${e.to}`);
  } else {
    for (const f of project.files) nodes.add(f.rel);
    eachImport((f, t, rel, name, line) => {
      if (rel === f.rel) return;
      const e = edge(f.rel, rel);
      e.used++;
      const S = tree.nearest(f.module === "." ? "" : f.module);
      const T = tree.nearest(t);
      if (bad.has(`${S.path}\u0000${T.path}`)) e.violation = true;
      if (html !== undefined) (e.imports ??= []).push({ file: f.rel, line, name });
    });
  }
  if (!files && html !== undefined) {
    // Which import statements make each module edge (only edges the check already found).
    eachImport((f, t, _rel, name, line) => {
      const S = tree.nearest(f.module === "." ? "" : f.module);
      const T = tree.nearest(t);
      if (S.path === T.path) return;
      const e = edges.get(`${S.path}\u0000${T.path}`);
      if (e !== undefined) (e.imports ??= []).push({ file: f.rel, line, name });
    });
  }
  const sortedNodes = [...nodes].sort();
  const sortedEdges = [...edges.values()].sort((a, b) => (a.from === b.from ? (a.to < b.to ? -1 : 1) : a.from < b.from ? -1 : 1));
  switch (format) {
    case "map": {
      // `tach map` shape: every node -> the sorted list of nodes it depends on.
      const map: Record<string, string[]> = {};
      for (const n of sortedNodes) map[n] = [];
      for (const e of sortedEdges) map[e.from]!.push(e.to);
      return JSON.stringify(map, null, 2) + "\n";
    }
    case "html": {
      if (html === undefined) throw new Error("--format html needs the layout library");
      const layerOf = (n: string): string | null => (files ? null : (tree.nearest(n === ROOT ? "" : n).config.layer ?? null));
      const fileLayer = new Map(project.files.map((f) => [f.rel, tree.nearest(f.module === "." ? "" : f.module).config.layer ?? null]));
      return renderGraphHtml(
        {
          title: html.title,
          nodes: sortedNodes.map((id) => ({ id, layer: files ? (fileLayer.get(id) ?? null) : layerOf(id) })),
          edges: sortedEdges.map((e) => ({
            ...e,
            imports: (e.imports ?? []).sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1)),
          })),
          layers: html.layers,
        },
        html.layoutScript,
      );
    }
    case "json":
      return JSON.stringify({ nodes: sortedNodes, edges: sortedEdges }, null, 2) + "\n";
    case "dot": {
      const q = (s: string) => JSON.stringify(s);
      const lines = ["digraph {", "    rankdir=LR;", ...sortedNodes.map((n) => `    ${q(n)};`)];
      for (const e of sortedEdges) {
        const attrs: string[] = [];
        if (e.violation) attrs.push('color="red"', "penwidth=2", 'label="violation"');
        else if (e.deprecated) attrs.push('style="dashed"');
        else if (!e.declared && !files) attrs.push('style="dotted"');
        lines.push(`    ${q(e.from)} -> ${q(e.to)}${attrs.length > 0 ? ` [${attrs.join(", ")}]` : ""};`);
      }
      lines.push("}");
      return lines.join("\n") + "\n";
    }
    case "mermaid": {
      const id = new Map(sortedNodes.map((n, i) => [n, `n${i}`]));
      const lines = ["graph LR", ...sortedNodes.map((n) => `    ${id.get(n)}["${n.replace(/"/g, "#quot;")}"]`)];
      const red: number[] = [];
      sortedEdges.forEach((e, i) => {
        const arrow = e.violation ? "-- violation -->" : e.deprecated ? "-.->" : "-->";
        lines.push(`    ${id.get(e.from)} ${arrow} ${id.get(e.to)}`);
        if (e.violation) red.push(i);
      });
      if (red.length > 0) lines.push(`    linkStyle ${red.join(",")} stroke:red,stroke-width:2px`);
      return lines.join("\n") + "\n";
    }
  }
}
