// The import-linter engine: a full module import graph (grimp semantics) and the five contract
// types of import-linter 2.12, with shortest import chains (direct and indirect) for reports.
import type { Host } from "../host.js";
import { joinPath } from "../host.js";
import type { Contract, ImportLinterConfig } from "../config/importlinter.js";
import { compileModuleGlob, hasGlobSyntax } from "../project/glob.js";
import type { FileExtraction } from "../extract/import-lines.js";
import { resolveRelative } from "../project/project.js";

export interface ImportDetail {
  line: number;
  text: string;
}

/** Module import graph: importer -> imported -> the import lines. */
export class ImportGraph {
  readonly modules = new Set<string>();
  readonly external = new Set<string>();
  readonly out = new Map<string, Map<string, ImportDetail[]>>();
  /** Module -> the absolute path of its file (for locating violations). */
  readonly files = new Map<string, string>();
  fileCount = 0;

  addEdge(from: string, to: string, d: ImportDetail): void {
    let m = this.out.get(from);
    if (m === undefined) this.out.set(from, (m = new Map()));
    let l = m.get(to);
    if (l === undefined) m.set(to, (l = []));
    // grimp keeps one import detail per line: `from a import b, c` on line 20 is `(l.20)`.
    if (!l.some((x) => x.line === d.line)) l.push(d);
  }

  edgeCount(): number {
    let n = 0;
    for (const m of this.out.values()) n += m.size;
    return n;
  }

  /** A copy without the given edges. */
  without(edges: [string, string][]): ImportGraph {
    const g = new ImportGraph();
    for (const m of this.modules) g.modules.add(m);
    for (const m of this.external) g.external.add(m);
    g.fileCount = this.fileCount;
    for (const [m, f] of this.files) g.files.set(m, f);
    const drop = new Set(edges.map(([a, b]) => `${a}\u0000${b}`));
    for (const [a, m] of this.out) for (const [b, d] of m) if (!drop.has(`${a}\u0000${b}`)) for (const x of d) g.addEdge(a, b, x);
    return g;
  }

  private descendantsMemo = new Map<string, string[]>();

  descendants(m: string): string[] {
    let d = this.descendantsMemo.get(m);
    if (d === undefined) {
      const p = m + ".";
      d = [...this.modules].filter((x) => x.startsWith(p));
      this.descendantsMemo.set(m, d);
    }
    return d;
  }
}

export interface GraphSource {
  module: string;
  isInit: boolean;
  path: string;
}

/** Locates root packages (in `base` or `base/src`) and lists their module files. */
export function findPackageFiles(
  host: Host,
  base: string,
  roots: string[],
): { files: GraphSource[]; missing: string[]; modules: string[] } {
  const files: GraphSource[] = [];
  const missing: string[] = [];
  /** Root "packages" that are single .py files (lint-imports 2.12 rejects them). */
  const modules: string[] = [];
  for (const root of roots) {
    const rel = root.replace(/\./g, "/");
    let dir: string | null = null;
    for (const cand of [joinPath(base, rel), joinPath(base, "src", rel)]) {
      if (host.stat(cand) === "dir") {
        dir = cand;
        break;
      }
    }
    if (dir === null) {
      if ([joinPath(base, rel + ".py"), joinPath(base, "src", rel + ".py")].some((f) => host.stat(f) === "file")) modules.push(root);
      else missing.push(root);
      continue;
    }
    const walk = (d: string, mod: string, depth: number) => {
      if (depth > 64) return;
      const entries = (host.readDir(d) ?? []).sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const e of entries) {
        if (e.name.startsWith(".") || e.name === "__pycache__") continue;
        const p = joinPath(d, e.name);
        if (e.kind === "dir") {
          if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(e.name)) walk(p, `${mod}.${e.name}`, depth + 1);
        } else if (e.name.endsWith(".py")) {
          const isInit = e.name === "__init__.py";
          files.push({ module: isInit ? mod : `${mod}.${e.name.slice(0, -3)}`, isInit, path: p });
        }
      }
    };
    walk(dir, root, 0);
  }
  return { files, missing, modules };
}

/** Builds the graph from extracted imports (grimp: `from a import b` -> `a.b` if a module, else `a`). */
export function buildGraph(
  sources: GraphSource[],
  extract: (s: GraphSource) => FileExtraction | null,
  cfg: ImportLinterConfig,
): ImportGraph {
  const g = new ImportGraph();
  for (const s of sources) {
    g.modules.add(s.module);
    g.files.set(s.module, s.path);
  }
  // Ancestor packages of namespace portions count as modules too.
  for (const s of sources) {
    const parts = s.module.split(".");
    for (let i = 1; i < parts.length; i++) {
      const anc = parts.slice(0, i).join(".");
      if (cfg.root_packages.some((r) => anc === r || anc.startsWith(r + "."))) g.modules.add(anc);
    }
  }
  g.fileCount = sources.length;
  const internal = (name: string) => cfg.root_packages.some((r) => name === r || name.startsWith(r + "."));
  for (const s of sources) {
    const got = extract(s);
    if (got === null) continue;
    const { data, lines } = got;
    if (lines === null) throw new Error("internal error: the import graph needs the files' import lines");
    const add = (target: string, fallback: string | null, line: number) => {
      const text = (lines[line - 1] ?? "").trim();
      if (internal(target)) {
        const to = g.modules.has(target) ? target : fallback !== null && g.modules.has(fallback) ? fallback : null;
        if (to !== null && to !== s.module) g.addEdge(s.module, to, { line, text });
      } else if (cfg.include_external_packages && target !== "") {
        const top = target.split(".")[0]!;
        g.external.add(top);
        g.addEdge(s.module, top, { line, text });
      }
    };
    for (const imp of data.imports) {
      if (imp.typeChecking && cfg.exclude_type_checking_imports) continue;
      if (imp.kind === "import") {
        for (const n of imp.names) add(n.name, parentOf(n.name), n.line);
        continue;
      }
      const base = resolveRelative(s.module, s.isInit, imp.level, imp.module);
      if (base === null) continue;
      for (const n of imp.names) {
        if (n.name === "*" || base === "") {
          if (base !== "") add(base, null, n.line);
          else add(n.name, null, n.line);
          continue;
        }
        add(`${base}.${n.name}`, base, n.line);
      }
    }
  }
  return g;
}

function parentOf(m: string): string | null {
  const i = m.lastIndexOf(".");
  return i < 0 ? null : m.slice(0, i);
}

/** A chain of modules, each step with its import lines. */
export type Chain = { from: string; to: string; lines: ImportDetail[] }[];

/**
 * Shortest chains from any module in `sources` to any in `targets`, one per (source, target)
 * pair, never passing through `blocked` modules (or other source/target modules).
 */
export function shortestChains(g: ImportGraph, sources: Set<string>, targets: Set<string>, blocked: Set<string> = new Set()): Chain[] {
  const chains: Chain[] = [];
  for (const s of [...sources].sort()) {
    const prev = new Map<string, string>();
    const queue = [s];
    const seen = new Set([s]);
    for (let qi = 0; qi < queue.length; qi++) {
      const cur = queue[qi]!;
      const outs = g.out.get(cur);
      if (outs === undefined) continue;
      for (const next of [...outs.keys()].sort()) {
        if (seen.has(next)) continue;
        seen.add(next);
        prev.set(next, cur);
        if (targets.has(next)) continue; // endpoints: recorded, not expanded
        if (sources.has(next) || blocked.has(next)) continue;
        queue.push(next);
      }
    }
    for (const t of [...targets].sort()) {
      if (!prev.has(t) || sources.has(t)) continue;
      const path = [t];
      while (path[0] !== s) path.unshift(prev.get(path[0]!)!);
      chains.push(path.slice(1).map((to, i) => ({ from: path[i]!, to, lines: g.out.get(path[i]!)!.get(to)! })));
    }
  }
  return chains;
}

/**
 * grimp's chain search: repeatedly the shortest chain from any module of `from` to any of `to`
 * (never entering `excluded` modules, nor an import already used by an earlier chain), until
 * none is left. Each chain is its list of modules. Ties go to the alphabetically first module.
 */
export function popShortestChains(g: ImportGraph, from: Set<string>, to: Set<string>, excluded: Set<string> = new Set()): string[][] {
  const used = new Set<string>();
  const chains: string[][] = [];
  for (;;) {
    const prev = new Map<string, string>();
    const seen = new Set(from);
    const queue = [...from].sort();
    let found: string | null = null;
    search: for (let qi = 0; qi < queue.length; qi++) {
      const cur = queue[qi]!;
      const outs = g.out.get(cur);
      if (outs === undefined) continue;
      for (const next of [...outs.keys()].sort()) {
        if (excluded.has(next) || used.has(`${cur}\u0000${next}`) || seen.has(next)) continue;
        seen.add(next);
        prev.set(next, cur);
        if (to.has(next)) {
          found = next;
          break search;
        }
        queue.push(next);
      }
    }
    if (found === null) return chains;
    const chain = [found];
    while (!from.has(chain[0]!)) chain.unshift(prev.get(chain[0]!)!);
    for (let i = 0; i + 1 < chain.length; i++) used.add(`${chain[i]}\u0000${chain[i + 1]}`);
    chains.push(chain);
  }
}

// lint-imports' `(l.3, l.7)`: the import's lines, `l.?` when the graph has none.
function lineList(g: ImportGraph, a: string, b: string): string {
  const d = g.out.get(a)?.get(b);
  return d === undefined || d.length === 0 ? "l.?" : d.map((x) => `l.${x.line}`).join(", ");
}

/** A forbidden contract's chain: `-   a -> b (l.1)` then `    b -> c (l.2)` lines. */
function renderForbiddenChain(g: ImportGraph, chain: string[]): string {
  const lines: string[] = [];
  for (let i = 0; i + 1 < chain.length; i++)
    lines.push(`${i === 0 ? "-   " : "    "}${chain[i]} -> ${chain[i + 1]} (${lineList(g, chain[i]!, chain[i + 1]!)})`);
  return lines.join("\n");
}

/**
 * grimp's routes for layers and independence: a direct import is a route of its own; an
 * indirect chain keeps its middle, and every module of the importing package that imports the
 * middle's first module (heads) and every module of the imported package that its last module
 * imports (tails) share it. lint-imports prints the extra heads and tails with `&`.
 */
function renderRoutes(g: ImportGraph, chains: string[][], fromSet: Set<string>, toSet: Set<string>): string[] {
  const routes: { heads: string[]; middle: string[]; tails: string[] }[] = [];
  for (const ch of chains) if (ch.length === 2) routes.push({ heads: [ch[0]!], middle: [], tails: [ch[1]!] });
  for (const ch of chains) {
    if (ch.length === 2) continue;
    const middle = ch.slice(1, -1);
    const heads = [...fromSet].filter((m) => g.out.get(m)?.has(middle[0]!) === true).sort();
    const tails = [...toSet].filter((m) => g.out.get(middle[middle.length - 1]!)?.has(m) === true).sort();
    routes.push({ heads, middle, tails });
  }
  // grimp hands the routes over as a set: equal routes (two chains through one middle) are one.
  // Its order is a hash order; quarry sorts them.
  const rendered = routes.map(({ heads, middle, tails }) => {
    const path = [heads[0]!, ...middle, tails[0]!];
    const links = path.slice(1).map((b, i) => [path[i]!, b] as const);
    const out: string[] = [];
    links.forEach(([a, b], i) => {
      const parts: string[] = [];
      const extraFirsts = i === 0 ? heads.slice(1) : [];
      const extraLasts = i === links.length - 1 && links.length > 1 ? tails.slice(1) : [];
      if (extraFirsts.length > 0) {
        [a, ...extraFirsts.slice(0, -1)].forEach((h, k) => {
          parts.push(`${k > 0 ? "& " : ""}${h} (${lineList(g, h, b)})`);
        });
        const last = extraFirsts[extraFirsts.length - 1]!;
        parts.push(`& ${last} -> ${b} (${lineList(g, last, b)})`);
      } else parts.push(`${a} -> ${b} (${lineList(g, a, b)})`);
      const indent = " ".repeat(a.length + 4);
      for (const t of extraLasts) parts.push(`${indent}& ${t} (${lineList(g, a, t)})`);
      parts.forEach((p, k) => {
        out.push(`${i === 0 && k === 0 ? "- " : "  "}${p}`);
      });
    });
    return out.join("\n");
  });
  return [...new Set(rendered)].sort();
}

function pkg(g: ImportGraph, m: string, asPackages: boolean): Set<string> {
  return new Set(asPackages ? [m, ...g.descendants(m)] : [m]);
}

/** Expands an import-linter module expression against the graph. */
export function expandExpression(g: ImportGraph, expr: string): string[] {
  if (!hasGlobSyntax(expr)) return [expr];
  const glob = compileModuleGlob(expr, 1);
  return [...g.modules, ...g.external].filter((m) => glob.matches(m)).sort();
}

/** One offending import of a broken contract (or an unlisted module, for exhaustive layers). */
export interface Violation {
  /** The module whose file holds the import. */
  importer: string;
  /** The imported module, or null for a module that is not listed as a layer. */
  imported: string | null;
  /** The import's line in the importer's file (1 for an unlisted module). */
  line: number;
  /** One line saying what is wrong, for SARIF and GitHub annotations. */
  message: string;
}

export interface ContractResult {
  contract: Contract;
  kept: boolean;
  /** One entry per offending import (each line of each first link of each chain). */
  violations: Violation[];
  /** Rendered body of a broken contract (without its heading). */
  report: string;
  warnings: string[];
  /** Set when the contract could not be checked (lint-imports raises): the message. */
  exception: string | null;
}

/** `a` equals `b` or, as packages, one contains the other. */
function overlaps(a: string, b: string, asPackages: boolean): boolean {
  return a === b || (asPackages && (a.startsWith(b + ".") || b.startsWith(a + ".")));
}

/** Applies `ignore_imports`; returns the reduced graph and messages for unmatched expressions. */
function applyIgnores(g: ImportGraph, c: Contract): { graph: ImportGraph; unmatched: string[] } {
  if (c.ignore_imports.length === 0) return { graph: g, unmatched: [] };
  const drop: [string, string][] = [];
  const unmatched: string[] = [];
  for (const expr of c.ignore_imports) {
    const m = /^\s*(\S+)\s*->\s*(\S+)\s*$/.exec(expr);
    if (m === null) {
      unmatched.push(expr);
      continue;
    }
    const a = compileModuleGlob(m[1]!, 1);
    const b = compileModuleGlob(m[2]!, 1);
    let hit = false;
    for (const [from, outs] of g.out) {
      if (!a.matches(from)) continue;
      for (const to of outs.keys())
        if (b.matches(to)) {
          drop.push([from, to]);
          hit = true;
        }
    }
    // lint-imports names the expression as `importer -> imported`, whatever the spacing.
    if (!hit) unmatched.push(`${m[1]} -> ${m[2]}`);
  }
  return { graph: g.without(drop), unmatched };
}

/** Checks one contract against the graph. */
export function checkContract(
  g0: ImportGraph,
  c: Contract,
  cfg?: Pick<ImportLinterConfig, "root_packages" | "include_external_packages">,
): ContractResult {
  const { graph: g, unmatched } = applyIgnores(g0, c);
  const warnings: string[] = [];
  // lint-imports raises at the first problem; the unmatched ignores come first, all together.
  const errors: string[] = [];
  const messages = unmatched.map((u) => `No matches for ignored import ${u}.`);
  if (c.type !== "acyclic_siblings" && messages.length > 0) {
    if (c.unmatched_ignore_imports_alerting === "error") errors.push(messages.join("\n"));
    else if (c.unmatched_ignore_imports_alerting === "warn") warnings.push(...messages);
  }
  const raise = (msg: string) => {
    if (errors.length === 0) errors.push(msg);
  };
  // Each block of a report ends with its blank lines, as lint-imports prints them.
  const sections: string[] = [];
  const violations: Violation[] = [];
  // A chain's offending import is its first link: the import made inside the source package.
  const chainViolations = (chains: string[][], source: string, target: string) => {
    for (const ch of chains) {
      for (const d of g.out.get(ch[0]!)?.get(ch[1]!) ?? []) {
        violations.push({
          importer: ch[0]!,
          imported: ch[1]!,
          line: d.line,
          message: `${source} is not allowed to import ${target}: ${ch.join(" -> ")}`,
        });
      }
    }
  };
  const missing = (m: string) => !g.modules.has(m) && !g.external.has(m);
  switch (c.type) {
    case "forbidden": {
      const sources = [...new Set(c.source_modules.flatMap((e) => expandExpression(g, e)))].sort();
      const forbidden = [...new Set(c.forbidden_modules.flatMap((e) => expandExpression(g, e)))].sort();
      for (const m of sources) if (missing(m)) raise(`Module '${m}' does not exist.`);
      if (cfg !== undefined) {
        const external = forbidden.filter((m) => !cfg.root_packages.some((r) => m === r || m.startsWith(r + ".")));
        if (external.length > 0 && !cfg.include_external_packages) {
          raise("The top level configuration must have include_external_packages=True when there are external forbidden modules.");
        } else
          for (const m of external)
            if (m.includes(".")) raise(`Invalid forbidden module ${m}: subpackages of external packages are not valid.`);
      }
      if (errors.length > 0) break;
      // Forbidden modules that are not in the graph cannot be imported: nothing to check.
      for (const s of sources) {
        for (const f of forbidden.filter((m) => !missing(m))) {
          if (overlaps(s, f, c.as_packages)) continue;
          const sp = pkg(g, s, c.as_packages);
          const fp = pkg(g, f, c.as_packages);
          let chains: string[][];
          if (c.allow_indirect_imports) {
            chains = [];
            for (const a of [...sp].sort()) for (const b of [...fp].sort()) if (g.out.get(a)?.has(b) === true) chains.push([a, b]);
          } else chains = popShortestChains(g, sp, fp);
          chains.sort((x, y) => {
            for (let k = 0; k < Math.min(x.length, y.length); k++) if (x[k] !== y[k]) return x[k]! < y[k]! ? -1 : 1;
            return x.length - y.length;
          });
          if (chains.length === 0) continue;
          sections.push(`${s} is not allowed to import ${f}:\n\n${chains.map((ch) => renderForbiddenChain(g, ch) + "\n\n").join("")}\n`);
          chainViolations(chains, s, f);
        }
      }
      break;
    }
    case "independence": {
      const mods = [...new Set(c.modules.flatMap((e) => expandExpression(g, e)))].sort();
      for (const m of mods) if (missing(m)) raise(`Module '${m}' does not exist.`);
      if (errors.length > 0) break;
      const all = new Set(mods.flatMap((m) => [...pkg(g, m, true)]));
      for (const a of mods) {
        for (const b of mods) {
          if (a === b) continue;
          const ap = pkg(g, a, true);
          const bp = pkg(g, b, true);
          const blocked = new Set([...all].filter((x) => !ap.has(x) && !bp.has(x)));
          const chains = popShortestChains(g, ap, bp, blocked);
          if (chains.length === 0) continue;
          sections.push(
            `${a} is not allowed to import ${b}:\n\n${renderRoutes(g, chains, ap, bp)
              .map((r) => r + "\n\n")
              .join("")}\n`,
          );
          chainViolations(chains, a, b);
        }
      }
      break;
    }
    case "layers": {
      const tails = c.layers.flatMap((l) => l.modules);
      let containers: (string | null)[] = [null];
      if (c.containers.length > 0) {
        containers = [...new Set(c.containers.flatMap((e) => expandExpression(g, e)))].sort();
        const roots = cfg?.root_packages ?? [];
        for (const container of containers) {
          if (roots.length > 0 && !roots.some((r) => container === r || container!.startsWith(r + "."))) {
            raise(
              roots.length === 1
                ? `Invalid container '${container}': a container must either be a subpackage of ${roots[0]}, or ${roots[0]} itself.`
                : `Invalid container '${container}': a container must either be a root package, or a subpackage of one of them. (The root packages are: ${roots.join(", ")}.)`,
            );
          }
          for (const t of tails)
            if (!t.optional && !g.modules.has(`${container}.${t.name}`))
              raise(`Missing layer in container '${container}': module ${container}.${t.name} does not exist.`);
        }
      } else
        for (const t of tails)
          if (!t.optional && !g.modules.has(t.name)) raise(`Missing layer '${t.name}': module ${t.name} does not exist.`);
      if (errors.length > 0) break;
      const undeclared: string[] = [];
      for (const container of containers) {
        const full = (n: string) => (container === null ? n : `${container}.${n}`);
        const lines = c.layers.map((l) => ({ ...l, modules: l.modules.map((m) => ({ ...m, name: full(m.name) })) }));
        const present = lines.map((l) => l.modules.filter((m) => !missing(m.name)).map((m) => m.name));
        const allLayer = new Set(present.flat().flatMap((m) => [...pkg(g, m, true)]));
        const check = (lower: string, higher: string) => {
          const lp = pkg(g, lower, true);
          const hp = pkg(g, higher, true);
          const blocked = new Set([...allLayer].filter((x) => !lp.has(x) && !hp.has(x)));
          const chains = popShortestChains(g, lp, hp, blocked);
          if (chains.length === 0) return;
          sections.push(
            `${lower} is not allowed to import ${higher}:\n\n${renderRoutes(g, chains, lp, hp)
              .map((r) => r + "\n\n")
              .join("")}\n`,
          );
          chainViolations(chains, lower, higher);
        };
        for (let hi = 0; hi < present.length; hi++) {
          for (let lo = hi + 1; lo < present.length; lo++) for (const h of present[hi]!) for (const l of present[lo]!) check(l, h);
          if (lines[hi]!.independent) for (const a of present[hi]!) for (const b of present[hi]!) if (a !== b) check(a, b);
        }
        if (c.exhaustive && container !== null) {
          const declared = new Set([...tails.map((t) => t.name), ...c.exhaustive_ignores]);
          for (const m of g.modules) if (parentOf(m) === container && !declared.has(m.slice(container.length + 1))) undeclared.push(m);
        }
      }
      if (undeclared.length > 0) {
        undeclared.sort();
        sections.push(
          `The following modules are not listed as layers:\n\n${undeclared.map((m) => `- ${m}`).join("\n")}\n\n` +
            "(Since this contract is marked as 'exhaustive', every child of every container must be declared as a layer.)\n\n",
        );
        for (const m of undeclared)
          violations.push({ importer: m, imported: null, line: 1, message: `${m} is not listed as a layer (the contract is exhaustive).` });
      }
      break;
    }
    case "protected": {
      // Allowed importers take their descendants only with `as_packages` (the default).
      const allowedSet = new Set(c.allowed_importers.flatMap((e) => expandExpression(g, e)).flatMap((m) => [...pkg(g, m, c.as_packages)]));
      const importersOf = new Map<string, string[]>();
      for (const [from, outs] of g.out)
        for (const to of outs.keys()) {
          let l = importersOf.get(to);
          if (l === undefined) importersOf.set(to, (l = []));
          l.push(from);
        }
      for (const expr of c.protected_modules) {
        for (const p of expandExpression(g, expr)) {
          if (missing(p)) {
            raise(`Module '${p}' does not exist.`);
            continue;
          }
          const pp = pkg(g, p, c.as_packages);
          const bad: string[] = [];
          // lint-imports lists the links by imported module, then by importer.
          for (const to of [...pp].sort()) {
            for (const from of [...(importersOf.get(to) ?? [])].sort()) {
              if (pp.has(from) || allowedSet.has(from)) continue;
              const details = g.out.get(from)!.get(to)!;
              // lint-imports writes the protected contract's lines as `(l.12, 34)`: `l.` once.
              bad.push(`- ${from} -> ${to} (l.${details.length === 0 ? "?" : details.map((d) => d.line).join(", ")})`);
              for (const d of details)
                violations.push({
                  importer: from,
                  imported: to,
                  line: d.line,
                  message: `Illegal import of protected package ${p}: ${from} -> ${to}`,
                });
            }
          }
          if (bad.length > 0) {
            const via = hasGlobSyntax(expr) ? `\n(via ${expr} expression)` : "";
            sections.push(`Illegal imports of protected package ${p}${via}:\n\n${bad.map((b) => b + "\n\n").join("")}`);
          }
        }
      }
      break;
    }
    case "acyclic_siblings": {
      // lint-imports validates the options before anything else, and stops at the first problem.
      const problem = acyclicOptionsProblem(g, c.ancestors, c.skip_descendants);
      if (problem !== null) return { contract: c, kept: false, violations: [], report: "", warnings: [], exception: problem };
      // acyclic_siblings removes the ignored imports only after checking its options.
      if (messages.length > 0) {
        if (c.unmatched_ignore_imports_alerting === "error")
          return { contract: c, kept: false, violations: [], report: "", warnings: [], exception: messages.join("\n") };
        if (c.unmatched_ignore_imports_alerting === "warn") warnings.push(...messages);
      }
      const skip = new Set(c.skip_descendants.flatMap((e) => expandExpression(g, e)));
      const summaries = new Map<string, string>();
      for (const a of [...new Set(c.ancestors.flatMap((e) => expandExpression(g, e)))].sort())
        acyclic(g, a, c.depth, skip, summaries, violations);
      for (const pkgName of [...summaries.keys()].sort()) sections.push(summaries.get(pkgName)!);
      break;
    }
  }
  // A configuration problem found while checking (missing module, unmatched ignore in "error"
  // mode) is an exception in lint-imports: the run stops and prints it.
  if (errors.length > 0) return { contract: c, kept: false, violations: [], report: "", warnings, exception: errors[0]! };
  let body = sections.join("");
  // The protected contract prints one more blank line after all its packages.
  if (c.type === "protected" && sections.length > 0) body += "\n";
  if (c.broken_contract_guidance !== null && sections.length > 0) body += `${c.broken_contract_guidance}\n\n`;
  return { contract: c, kept: sections.length === 0, violations, report: body, warnings, exception: null };
}

/**
 * lint-imports' checks of acyclic_siblings' options, in its order: an expression both in
 * `ancestors` and in `skip_descendants`, then an ancestor, then a skipped descendant, that
 * matches no module. Returns the message of the first problem, or null.
 */
function acyclicOptionsProblem(g: ImportGraph, ancestors: string[], skipDescendants: string[]): string | null {
  const overlap = ancestors.filter((a) => skipDescendants.includes(a)).sort();
  if (overlap.length > 0) {
    const first = overlap[0]!;
    return first.includes("*")
      ? `Cannot skip descendant '${first}' as the same expression is in ancestors.`
      : `Cannot skip '${first}' as it is also an ancestor.`;
  }
  for (const list of [ancestors, skipDescendants]) {
    for (const expr of [...new Set(list)].sort()) {
      if (expr.includes("*")) {
        if (expandExpression(g, expr).length === 0) return `The expression '${expr}' did not match any modules.`;
      } else if (!g.modules.has(expr) && !g.external.has(expr)) return `Module '${expr}' does not exist.`;
    }
  }
  return null;
}

// For `ancestor` and its descendants down `depth` generations (skipped descendants are not
// drilled into, but still count as siblings), grimp's nominate_cycle_breakers: order the
// children (sources first, sinks last, the rest by weighted out-degree minus in-degree, ties
// to the alphabetically first), and every import pointing backwards in that order is a cycle
// breaker. Adds each package's report to `out`. The walk is bounded by the module tree's depth.
function acyclic(
  g: ImportGraph,
  ancestor: string,
  depth: number,
  skip: Set<string>,
  out: Map<string, string>,
  violations: Violation[],
): void {
  const work: [string, number][] = [[ancestor, depth]];
  while (work.length > 0) {
    const [pkgName, remaining] = work.pop()!;
    const children = [...g.modules].filter((m) => parentOf(m) === pkgName).sort();
    if (children.length === 0) continue;
    if (children.length >= 2 && !out.has(pkgName)) {
      const report = cycleReport(g, pkgName, children, violations);
      if (report !== null) out.set(pkgName, report);
    }
    if (remaining > 0) for (const ch of children.reverse()) if (!skip.has(ch)) work.push([ch, remaining - 1]);
  }
}

const MAX_DEPENDENCIES_SHOWN = 5;

function cycleReport(g: ImportGraph, pkgName: string, children: string[], violations: Violation[]): string | null {
  const childSet = new Set(children);
  const childOf = (m: string): string | null => {
    if (!m.startsWith(pkgName + ".")) return null;
    const dot = m.indexOf(".", pkgName.length + 1);
    const c = dot < 0 ? m : m.slice(0, dot);
    return childSet.has(c) ? c : null;
  };
  // Weight of child a -> child b: the number of distinct (importer, imported) module pairs.
  const weight = new Map<string, Map<string, number>>();
  for (const [from, outs] of g.out) {
    const a = childOf(from);
    if (a === null) continue;
    for (const to of outs.keys()) {
      const b = childOf(to);
      if (b === null || b === a) continue;
      let m = weight.get(a);
      if (m === undefined) weight.set(a, (m = new Map()));
      m.set(b, (m.get(b) ?? 0) + 1);
    }
  }
  if (weight.size === 0) return null;
  const outs = new Map(children.map((c) => [c, new Set(weight.get(c)?.keys() ?? [])]));
  const ins = new Map(children.map((c) => [c, new Set<string>()]));
  for (const [a, m] of weight) for (const b of m.keys()) ins.get(b)!.add(a);
  const remove = (n: string) => {
    for (const b of outs.get(n)!) ins.get(b)?.delete(n);
    for (const a of ins.get(n)!) outs.get(a)?.delete(n);
    outs.delete(n);
    ins.delete(n);
  };
  const sources: string[] = [];
  for (;;) {
    const now = [...ins].filter(([, s]) => s.size === 0).map(([n]) => n);
    if (now.length === 0) break;
    sources.push(...now);
    now.forEach(remove);
  }
  let sinks: string[] = [];
  for (;;) {
    const now = [...outs].filter(([, s]) => s.size === 0).map(([n]) => n);
    if (now.length === 0) break;
    now.forEach(remove);
    sinks = [...now, ...sinks];
  }
  const middle: string[] = [];
  while (outs.size > 0) {
    let best: string | null = null;
    let bestDiff = 0;
    for (const n of outs.keys()) {
      let diff = 0;
      for (const b of outs.get(n)!) diff += weight.get(n)!.get(b)!;
      for (const a of ins.get(n)!) diff -= weight.get(a)!.get(n)!;
      if (best === null || diff > bestDiff || (diff === bestDiff && n < best)) {
        best = n;
        bestDiff = diff;
      }
    }
    middle.push(best!);
    remove(best!);
  }
  const position = new Map([...sources, ...middle, ...sinks].map((n, i) => [n, i]));
  const deps: [string, string, number][] = [];
  for (const [a, m] of weight) for (const [b, n] of m) if (position.get(b)! < position.get(a)!) deps.push([a, b, n]);
  if (deps.length === 0) return null;
  // Every import behind a dependency to remove is an offending import.
  const removed = new Set(deps.map(([a, b]) => `${a}\u0000${b}`));
  for (const [from, outs] of [...g.out].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const a = childOf(from);
    if (a === null) continue;
    for (const [to, details] of outs) {
      const b = childOf(to);
      if (b === null || !removed.has(`${a}\u0000${b}`)) continue;
      for (const d of details)
        violations.push({
          importer: from,
          imported: to,
          line: d.line,
          message: `No cycles are allowed in ${pkgName}: ${from} -> ${to} is part of a cycle to break (${a} -> ${b}).`,
        });
    }
  }
  deps.sort((x, y) => (x[0] !== y[0] ? (x[0] < y[0] ? -1 : 1) : x[1] !== y[1] ? (x[1] < y[1] ? -1 : 1) : x[2] - y[2]));
  const last = (m: string) => m.slice(m.lastIndexOf(".") + 1);
  const n = deps.length;
  const lines = deps.slice(0, MAX_DEPENDENCIES_SHOWN).map(([a, b, k]) => `- .${last(a)} -> .${last(b)} (${k} import${k === 1 ? "" : "s"})`);
  if (n > MAX_DEPENDENCIES_SHOWN) lines.push(`(and ${n - MAX_DEPENDENCIES_SHOWN} more).`);
  return `No cycles are allowed in ${pkgName}.\nIt could be made acyclic by removing ${n} dependenc${n === 1 ? "y" : "ies"}:\n\n${lines.join("\n")}\n\n`;
}

function heading(text: string, level: 1 | 2 | 3): string {
  const bar = "-".repeat(text.length);
  if (level === 1) return `${"=".repeat(text.length)}\n${text}\n${"=".repeat(text.length)}\n`;
  if (level === 2) return `${bar}\n${text}\n${bar}\n`;
  return `${text}\n${bar}\n`;
}

/** lint-imports' report for a whole run. */
export function renderImportLinter(
  g: ImportGraph,
  results: ContractResult[],
  invalid: ImportLinterConfig["invalid"],
  fatal: string | null = null,
): string {
  const kept = results.filter((r) => r.kept).length;
  const broken = results.length - kept;
  let s = heading("Import Linter", 1) + "\n";
  if (fatal !== null) return s + fatal + "\n";
  if (invalid.length > 0) {
    for (const inv of invalid)
      s += `Contract "${inv.name}" is not configured correctly:\n${inv.problems.map((p) => `    ${p}`).join("\n")}\n`;
    return s;
  }
  const failed = results.find((r) => r.exception !== null);
  if (failed !== undefined) return s + failed.exception + "\n";
  s += heading("Contracts", 2) + "\n";
  s += heading(`Analyzed ${g.fileCount} files, ${g.edgeCount()} dependencies.`, 3) + "\n";
  for (const r of results) {
    const w = r.warnings.length > 0 ? ` (${r.warnings.length} warning${r.warnings.length === 1 ? "" : "s"})` : "";
    s += `${r.contract.name} ${r.kept ? "KEPT" : "BROKEN"}${w}\n`;
  }
  s += `\nContracts: ${kept} kept, ${broken} broken.\n`;
  const warned = results.filter((r) => r.warnings.length > 0);
  if (warned.length > 0) {
    s += "\n" + heading("Warnings", 2) + "\n";
    s += warned.map((r) => heading(r.contract.name, 3) + "\n" + r.warnings.map((x) => `- ${x}`).join("\n") + "\n").join("\n");
  }
  if (broken > 0) {
    s += "\n\n" + heading("Broken contracts", 2) + "\n";
    for (const r of results) if (!r.kept) s += heading(r.contract.name, 3) + "\n" + r.report;
  }
  return s;
}
