// The Host: every file, output and environment access `quarry check` makes goes through this
// interface, so src/check/ runs unchanged in Node (src/cli/check-host.ts) and in the browser.
import type { ExtractOptions, ExtractResult } from "./extract/imports.js";

/** What a directory entry is. Symlinks are reported as what they point to. */
export type EntryKind = "file" | "dir";

export interface DirEntry {
  readonly name: string;
  readonly kind: EntryKind;
}

/**
 * File access and process I/O for the checker. Paths are absolute and use `/` separators.
 * Methods never throw for missing or unreadable paths: they return `null` (environment failures
 * are reported by the checker with the path, per STYLE §4 Errors).
 */
export interface Host {
  /** The directory the command runs in (absolute, `/`-separated). */
  cwd(): string;
  /** The bytes of a file, or `null` when it does not exist or cannot be read. */
  readFile(path: string): Uint8Array | null;
  /** Entries of a directory (unsorted is fine), or `null` when it is not a readable directory. */
  readDir(path: string): DirEntry[] | null;
  /** What `path` is, or `null` when it does not exist. */
  stat(path: string): EntryKind | null;
  /** Writes a file, creating parent directories; returns false on failure. Used by the cache. */
  writeFile?(path: string, data: Uint8Array): boolean;
  /** Atomically renames a file (cache writes go to a temp file first); false on failure. */
  rename?(from: string, to: string): boolean;
  /** Removes a file; false on failure. */
  remove?(path: string): boolean;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout / stderr is an interactive terminal (selects emoji icons and colour). */
  isTTY(stream: "stdout" | "stderr"): boolean;
  /** An environment variable, or undefined. */
  env(name: string): string | undefined;
  /** Milliseconds since an arbitrary origin (timings only). */
  now(): number;
  /**
   * Optional parallel extraction (worker threads in Node). Each job reads `path` and runs
   * `extractImports(bytes, path, options)`; results come back in job order, null for an
   * unreadable file. Without it, files are extracted on the calling thread.
   */
  extractBatch?(jobs: { path: string; options: ExtractOptions }[]): Promise<(ExtractResult | null)[]>;
  /**
   * Optional: a cheap identity of a file's current state (size, mtime, ctime, inode) and its
   * mtime in wall-clock milliseconds, or null. Lets a warm run skip re-reading unchanged files.
   */
  stamp?(path: string): { key: string; mtimeMs: number } | null;
  /** Optional: calls `onChange` with the changed path whenever something under `dir` changes (`--watch`). */
  watch?(dir: string, onChange: (path: string) => void): void;
}

/** Joins `/`-separated path parts and normalises `.`/`..` segments. */
export function joinPath(...parts: string[]): string {
  const abs = parts.length > 0 && parts[0]!.startsWith("/");
  const out: string[] = [];
  for (const part of parts) {
    for (const seg of part.split("/")) {
      if (seg === "" || seg === ".") continue;
      if (seg === "..") {
        if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
        else if (!abs) out.push("..");
        continue;
      }
      out.push(seg);
    }
  }
  const s = out.join("/");
  return abs ? "/" + s : s === "" ? "." : s;
}

/** `path` resolved against `base` (absolute paths, `/x` or `C:/x`, are kept as they are). */
export function resolvePath(base: string, path: string): string {
  if (path.startsWith("/")) return joinPath(path);
  if (/^[A-Za-z]:[\\/]/.test(path)) return path.replace(/\\/g, "/");
  return joinPath(base, path);
}

/** The parent directory of an absolute path (`/` stays `/`). */
export function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  if (i <= 0) return "/";
  return path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** `path` relative to `base` (both absolute), `/`-separated; `.` when equal. */
export function relativePath(base: string, path: string): string {
  if (path === base) return ".";
  const b = base === "/" ? "/" : base + "/";
  if (path.startsWith(b)) return path.slice(b.length);
  const bs = base.split("/").filter(Boolean);
  const ps = path.split("/").filter(Boolean);
  let i = 0;
  while (i < bs.length && i < ps.length && bs[i] === ps[i]) i++;
  return [...bs.slice(i).map(() => ".."), ...ps.slice(i)].join("/");
}

const decoder = new TextDecoder("utf-8", { fatal: false });

/** Decodes UTF-8 bytes (a leading BOM is dropped). */
export function decodeUtf8(data: Uint8Array): string {
  let s = decoder.decode(data);
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  return s;
}
