// Project model: source roots, file discovery (exclude globs, .gitignore), file <-> module path,
// first-party import resolution and package roots. All file access goes through the Host.
import ignore, { type Ignore } from "ignore";
import { type Host, type DirEntry, joinPath, relativePath, dirname, decodeUtf8 } from "../host.js";
import { compileModuleGlob, hasGlobSyntax } from "./glob.js";
import type { ProjectConfig } from "../config/tach.js";

export interface SourceFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the project root. */
  rel: string;
  /** Dotted module path (`.` for `<root>/__init__.py`). */
  module: string;
  /** The absolute source root the file belongs to. */
  root: string;
  isInit: boolean;
}

export interface DiscoverOptions {
  /** Extra exclude globs (the CLI's `-e a,b`). */
  extraExclude?: string[];
}

/** Files, source roots and resolution for one project. */
export class Project {
  readonly host: Host;
  readonly rootDir: string;
  readonly config: ProjectConfig;
  readonly sourceRoots: string[] = [];
  readonly files: SourceFile[] = [];
  /** Every importable module found (dirs with __init__, .py/.pyi files), for glob modules. */
  readonly pythonModules = new Set<string>();
  /** `tach.domain.toml` files found: absolute path and the domain's module path. */
  readonly domainFiles: { path: string; module: string }[] = [];
  private readonly excludeMatcher: Ignore;
  private readonly hasExcludes: boolean;
  private readonly statCache = new Map<string, "file" | "dir" | null>();
  private readonly resolveCache = new Map<string, Resolved | null>();
  private readonly packageRootCache = new Map<string, string>();
  private useGitignore: boolean;

  constructor(host: Host, rootDir: string, config: ProjectConfig, options: DiscoverOptions = {}) {
    this.host = host;
    this.rootDir = rootDir;
    this.config = config;
    const excludes = [...config.exclude, ...(options.extraExclude ?? [])].map(normalizeExclude);
    this.excludeMatcher = ignore().add(excludes);
    this.hasExcludes = excludes.length > 0;
    this.useGitignore = config.respect_gitignore === true || (config.respect_gitignore === "if_git_repo" && this.inGitRepo());
    this.resolveSourceRoots();
    this.discover();
  }

  // Existence checks are answered from one (cached) listing of the parent directory: resolving
  // imports asks about many files that do not exist, and a listing is far cheaper than a stat each.
  private readonly dirCache = new Map<string, Map<string, "file" | "dir"> | null>();

  /**
   * Every directory this project listed, with a digest of its entries: what the check's answers
   * depend on besides file contents and config (used to validate the result cache).
   */
  readonly listed = new Map<string, string>();

  private readDir(dir: string) {
    const entries = this.host.readDir(dir);
    this.listed.set(dir, dirDigest(entries));
    return entries;
  }

  // Listings the walk already read, turned into maps only when resolution asks (a replayed warm
  // run never does).
  private readonly walked = new Map<string, DirEntry[]>();

  private listing(dir: string): Map<string, "file" | "dir"> | null {
    let l = this.dirCache.get(dir);
    if (l === undefined) {
      const entries = this.walked.get(dir) ?? this.readDir(dir);
      l = entries === null ? null : new Map(entries.map((e) => [e.name, e.kind]));
      this.dirCache.set(dir, l);
    }
    return l;
  }

  private stat(p: string): "file" | "dir" | null {
    let s = this.statCache.get(p);
    if (s === undefined) {
      if (p === "/" || p === this.rootDir) s = this.host.stat(p);
      else {
        const slash = p.lastIndexOf("/");
        const parent = slash <= 0 ? "/" : p.slice(0, slash);
        const l = this.stat(parent) === "dir" ? this.listing(parent) : null;
        s = l?.get(p.slice(slash + 1)) ?? null;
      }
      this.statCache.set(p, s);
    }
    return s;
  }

  private inGitRepo(): boolean {
    for (let d = this.rootDir; ; d = dirname(d)) {
      if (this.stat(joinPath(d, ".git")) !== null) return true;
      if (d === "/") return false;
    }
  }

  /** Whether a project-relative path is excluded by `exclude` (dirs need `isDir`). */
  isExcluded(rel: string, isDir = false): boolean {
    if (!this.hasExcludes || rel === "." || rel === "" || rel.startsWith("..")) return false;
    return this.excludeMatcher.ignores(isDir ? rel + "/" : rel);
  }

  private resolveSourceRoots(): void {
    const seen = new Set<string>();
    for (const entry of this.config.source_roots) {
      if (!hasGlobSyntax(entry)) {
        const abs = joinPath(this.rootDir, entry);
        if (!seen.has(abs)) {
          seen.add(abs);
          this.sourceRoots.push(abs);
        }
        continue;
      }
      // Glob source roots match directories relative to the project root.
      const glob = compileModuleGlob(entry.replace(/\//g, "."), 0);
      const walk = (dir: string, rel: string, depth: number) => {
        if (depth > 32) return;
        for (const e of this.readDir(dir) ?? []) {
          if (e.kind !== "dir" || e.name.startsWith(".")) continue;
          const r = rel === "" ? e.name : `${rel}/${e.name}`;
          if (this.isExcluded(r, true)) continue;
          const abs = joinPath(dir, e.name);
          if (glob.matches(r.replace(/\//g, ".")) && !seen.has(abs)) {
            seen.add(abs);
            this.sourceRoots.push(abs);
          }
          walk(abs, r, depth + 1);
        }
      };
      walk(this.rootDir, "", 0);
    }
  }

  private discover(): void {
    const seenFiles = new Set<string>();
    for (const root of this.sourceRoots) {
      const ignores: { base: string; ig: Ignore }[] = [];
      if (this.useGitignore) {
        // .gitignore files between the project root and this source root apply too.
        const chain: string[] = [];
        for (let d = root; d.startsWith(this.rootDir); d = dirname(d)) {
          chain.unshift(d);
          if (d === this.rootDir || d === "/") break;
        }
        for (const d of chain.slice(0, -1)) this.loadGitignore(d, ignores);
      }
      this.walk(root, root, ignores, seenFiles, 0);
    }
    this.files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  }

  private loadGitignore(dir: string, ignores: { base: string; ig: Ignore }[]): void {
    const data = this.host.readFile(joinPath(dir, ".gitignore"));
    if (data !== null) ignores.push({ base: dir, ig: ignore().add(decodeUtf8(data)) });
  }

  private gitIgnored(abs: string, isDir: boolean, ignores: { base: string; ig: Ignore }[]): boolean {
    for (const { base, ig } of ignores) {
      const rel = relativePath(base, abs);
      if (rel.startsWith("..")) continue;
      if (ig.ignores(isDir ? rel + "/" : rel)) return true;
    }
    return false;
  }

  private walk(dir: string, root: string, ignores: { base: string; ig: Ignore }[], seen: Set<string>, depth: number): void {
    if (depth > 64) return;
    const entries = this.readDir(dir);
    if (entries === null) return;
    if (!this.dirCache.has(dir)) this.walked.set(dir, entries);
    let local = ignores;
    if (this.useGitignore && entries.some((e) => e.name === ".gitignore" && e.kind === "file")) {
      local = [...ignores];
      this.loadGitignore(dir, local);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const dirModule = this.moduleFor(dir, root);
    const hasInit = entries.some((e) => e.kind === "file" && (e.name === "__init__.py" || e.name === "__init__.pyi"));
    if (hasInit && dirModule !== null && dirModule !== ".") this.pythonModules.add(dirModule);
    // Paths here are already normalized, so plain concatenation is enough (joinPath showed up in
    // warm-run profiles).
    const prefix = dir === "/" ? "/" : dir + "/";
    const rootPrefix = this.rootDir === "/" ? "/" : this.rootDir + "/";
    for (const e of entries) {
      if (e.name.startsWith(".")) continue; // hidden files and dirs, as Tach's walker
      const abs = prefix + e.name;
      const rel = abs.startsWith(rootPrefix) ? abs.slice(rootPrefix.length) : relativePath(this.rootDir, abs);
      // (stat() answers for `abs` from the parent's listing, so nothing is recorded here.)
      if (this.isExcluded(rel, e.kind === "dir")) continue;
      if (this.useGitignore && this.gitIgnored(abs, e.kind === "dir", local)) continue;
      if (e.kind === "dir") {
        this.walk(abs, root, local, seen, depth + 1);
        continue;
      }
      if (e.name === "tach.domain.toml") {
        this.domainFiles.push({ path: abs, module: dirModule ?? "." });
        continue;
      }
      const isPy = e.name.endsWith(".py");
      if (!isPy && !e.name.endsWith(".pyi")) continue;
      const isInit = e.name === "__init__.py" || e.name === "__init__.pyi";
      const stem = e.name.slice(0, e.name.lastIndexOf("."));
      const mod = isInit ? (dirModule ?? null) : dirModule === null ? null : dirModule === "." ? stem : `${dirModule}.${stem}`;
      if (mod === null) continue;
      if (!isInit && mod !== ".") this.pythonModules.add(mod);
      if (!isPy || seen.has(abs)) continue;
      seen.add(abs);
      this.files.push({ path: abs, rel, module: mod, root, isInit });
    }
  }

  /** Dotted module path of a file or directory under `root`; null when not a valid module name. */
  moduleFor(abs: string, root: string): string | null {
    let rel = relativePath(root, abs);
    if (rel === ".") return ".";
    if (rel.startsWith("..")) return null;
    rel = rel.replace(/\.pyi?$/, "");
    const parts = rel.split("/");
    if (parts[parts.length - 1] === "__init__") parts.pop();
    if (parts.length === 0) return ".";
    return parts.join(".");
  }

  /** The module path of an absolute file path, using the first source root that contains it. */
  fileModule(abs: string): { module: string; root: string } | null {
    for (const root of this.sourceRoots) {
      if (abs === root || abs.startsWith(root === "/" ? "/" : root + "/")) {
        const m = this.moduleFor(abs, root);
        if (m !== null) return { module: m, root };
      }
    }
    return null;
  }

  /** Whether a literal module path exists in some source root (dir, .py or .pyi). */
  moduleExists(dotted: string): boolean {
    if (dotted === "." || dotted === "<root>") return true;
    const rel = dotted.replace(/\./g, "/");
    for (const root of this.sourceRoots) {
      const base = joinPath(root, rel);
      if (this.stat(base) === "dir" || this.stat(base + ".py") === "file" || this.stat(base + ".pyi") === "file") return true;
    }
    return false;
  }

  /**
   * Resolves a dotted import path to a first-party file, as Tach does: the path itself as a
   * package or module, else its parent with the last segment as a member (one level only).
   * Returns null for third-party/stdlib, and for targets in excluded files.
   */
  resolve(dotted: string): Resolved | null {
    const cached = this.resolveCache.get(dotted);
    if (cached !== undefined) return cached;
    let out: Resolved | null = null;
    const parts = dotted.split(".");
    for (const root of this.sourceRoots) {
      let file = this.findModuleFile(root, parts, parts.length);
      if (file !== null) {
        out = { file, root, module: dotted, member: null };
        break;
      }
      if (parts.length > 1) {
        file = this.findModuleFile(root, parts, parts.length - 1);
        if (file !== null) {
          out = { file, root, module: parts.slice(0, -1).join("."), member: parts[parts.length - 1]! };
          break;
        }
      }
    }
    if (out !== null && this.excludedFile(out.file)) out = null;
    this.resolveCache.set(dotted, out);
    return out;
  }

  // The file for module parts[0..n) under `root`, trying p/__init__.pyi, p/__init__.py, p.pyi,
  // p.py (Tach's order), walking cached directory listings segment by segment.
  private findModuleFile(root: string, parts: string[], n: number): string | null {
    if (n === 0) return null;
    let dir = root;
    for (let i = 0; i < n - 1; i++) {
      if (this.listingOf(dir)?.get(parts[i]!) !== "dir") return null;
      dir = dir === "/" ? `/${parts[i]}` : `${dir}/${parts[i]}`;
    }
    const last = parts[n - 1]!;
    const l = this.listingOf(dir);
    if (l === null) return null;
    const base = dir === "/" ? `/${last}` : `${dir}/${last}`;
    if (l.get(last) === "dir") {
      const inner = this.listingOf(base);
      if (inner?.get("__init__.pyi") === "file") return `${base}/__init__.pyi`;
      if (inner?.get("__init__.py") === "file") return `${base}/__init__.py`;
    }
    if (l.get(`${last}.pyi`) === "file") return `${base}.pyi`;
    if (l.get(`${last}.py`) === "file") return `${base}.py`;
    return null;
  }

  private listingOf(dir: string): Map<string, "file" | "dir"> | null {
    const l = this.dirCache.get(dir);
    return l !== undefined ? l : this.listing(dir);
  }

  private readonly excludedCache = new Map<string, boolean>();

  private excludedFile(abs: string): boolean {
    if (!this.hasExcludes) return false;
    let e = this.excludedCache.get(abs);
    if (e === undefined) {
      e = this.isExcluded(relativePath(this.rootDir, abs));
      this.excludedCache.set(abs, e);
    }
    return e;
  }

  /**
   * The package root of a file: the nearest directory at or above its source root (up to the
   * project root) holding pyproject.toml, setup.py or requirements.txt; else the project root.
   */
  packageRoot(root: string): string {
    let cached = this.packageRootCache.get(root);
    if (cached !== undefined) return cached;
    cached = this.rootDir;
    for (let d = root; d.startsWith(this.rootDir); d = dirname(d)) {
      if (["pyproject.toml", "setup.py", "requirements.txt"].some((f) => this.stat(joinPath(d, f)) === "file")) {
        cached = d;
        break;
      }
      if (d === this.rootDir || d === "/") break;
    }
    this.packageRootCache.set(root, cached);
    return cached;
  }
}

export interface Resolved {
  file: string;
  root: string;
  /** The module the file is (dotted), without the member. */
  module: string;
  /** The trailing name treated as a member of `module`, or null. */
  member: string | null;
}

// Tach's exclude globs are relative to the project root with gitignore-style matching; a leading
// `./` is meaningless there.
function normalizeExclude(p: string): string {
  return p.replace(/^\.\//, "");
}

/**
 * Absolute import path of a relative import, per Tach: strip `level` segments from the file's
 * module path (`level - 1` for an `__init__.py`), then append module and name. Null when it
 * climbs above the source root.
 */
export function resolveRelative(fileModule: string, isInit: boolean, level: number, module: string | null): string | null {
  if (level === 0) return module;
  const base = fileModule === "." ? [] : fileModule.split(".");
  const strip = isInit ? level - 1 : level;
  if (strip > base.length) return null;
  const kept = base.slice(0, base.length - strip);
  if (module !== null) kept.push(module);
  if (kept.length === 0) return "";
  return kept.join(".");
}

/** A digest of a directory listing (visible names and kinds, order-independent); "-" when unreadable. */
export function dirDigest(entries: { name: string; kind: string }[] | null): string {
  if (entries === null) return "-";
  // Order-independent without sorting: each visible entry (name and kind) is hashed on two
  // lanes, and the lanes are summed. Hidden entries are never walked or imported (and
  // .quarry-cache itself lives among them).
  let s1 = 0;
  let s2 = 0;
  let count = 0;
  for (const e of entries) {
    const n = e.name;
    if (n.charCodeAt(0) === 46) continue;
    count++;
    let h1 = e.kind === "dir" ? 0x2f : 0x811c9dc5 | 0;
    let h2 = 0x1b873593 | 0;
    for (let i = 0; i < n.length; i++) {
      h1 = Math.imul(h1 ^ n.charCodeAt(i), 0x01000193);
      h2 = Math.imul(h2 ^ n.charCodeAt(i), 0x5bd1e995) ^ (h2 >>> 15);
    }
    h1 ^= h1 >>> 16;
    h1 = Math.imul(h1, 0x85ebca6b);
    h1 ^= h1 >>> 13;
    h2 ^= h2 >>> 16;
    h2 = Math.imul(h2, 0xc2b2ae35);
    h2 ^= h2 >>> 13;
    s1 = (s1 + h1) | 0;
    s2 = (s2 + h2) | 0;
  }
  return `${(s1 >>> 0).toString(36)}.${(s2 >>> 0).toString(36)}.${count}`;
}
