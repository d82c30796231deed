// Test hosts for quarry check: a real-directory host that captures output, and an in-memory host.
import { readFileSync, readdirSync, statSync, writeFileSync, renameSync, mkdirSync, unlinkSync } from "node:fs";
import type { Host, DirEntry } from "../../src/check/index.js";

export interface CapturedHost extends Host {
  out: string;
  err: string;
}

/** A Host over the real file system rooted at `cwd`, capturing stdout/stderr (never a TTY). */
export function fsHost(cwd: string, env: Record<string, string> = {}): CapturedHost {
  const h: CapturedHost = {
    out: "",
    err: "",
    cwd: () => cwd,
    readFile: (p) => {
      try {
        return readFileSync(p);
      } catch {
        return null;
      }
    },
    readDir: (p) => {
      try {
        return readdirSync(p, { withFileTypes: true })
          .filter((e) => e.isDirectory() || e.isFile())
          .map((e): DirEntry => ({ name: e.name, kind: e.isDirectory() ? "dir" : "file" }));
      } catch {
        return null;
      }
    },
    stat: (p) => {
      try {
        const s = statSync(p);
        return s.isDirectory() ? "dir" : s.isFile() ? "file" : null;
      } catch {
        return null;
      }
    },
    writeFile: (p, d) => {
      try {
        mkdirSync(p.slice(0, p.lastIndexOf("/")), { recursive: true });
        writeFileSync(p, d);
        return true;
      } catch {
        return false;
      }
    },
    rename: (a, b) => {
      try {
        renameSync(a, b);
        return true;
      } catch {
        return false;
      }
    },
    remove: (p) => {
      try {
        unlinkSync(p);
        return true;
      } catch {
        return false;
      }
    },
    stdout: (t) => void (h.out += t),
    stderr: (t) => void (h.err += t),
    isTTY: () => false,
    env: (n) => env[n],
    now: () => 0,
  };
  return h;
}

/** An in-memory Host: `files` maps absolute paths to contents (null = unreadable file). */
export function memHost(files: Record<string, string | null>, cwd = "/p"): CapturedHost & { files: Map<string, Uint8Array | null> } {
  const store = new Map<string, Uint8Array | null>();
  for (const [k, v] of Object.entries(files)) store.set(k, v === null ? null : new TextEncoder().encode(v));
  const isDir = (p: string) => {
    const pre = p === "/" ? "/" : p + "/";
    for (const k of store.keys()) if (k.startsWith(pre)) return true;
    return false;
  };
  const h = {
    files: store,
    out: "",
    err: "",
    cwd: () => cwd,
    readFile: (p: string) => (store.has(p) ? store.get(p)! : null),
    readDir: (p: string) => {
      if (!isDir(p)) return null;
      const pre = p === "/" ? "/" : p + "/";
      const seen = new Map<string, DirEntry>();
      for (const k of store.keys()) {
        if (!k.startsWith(pre)) continue;
        const rest = k.slice(pre.length);
        const name = rest.split("/")[0]!;
        seen.set(name, { name, kind: rest.includes("/") ? "dir" : "file" });
      }
      return [...seen.values()];
    },
    stat: (p: string) => (store.has(p) ? ("file" as const) : isDir(p) ? ("dir" as const) : null),
    writeFile: (p: string, d: Uint8Array) => {
      store.set(p, d);
      return true;
    },
    rename: (a: string, b: string) => {
      if (!store.has(a)) return false;
      store.set(b, store.get(a)!);
      store.delete(a);
      return true;
    },
    remove: (p: string) => store.delete(p),
    stdout: (t: string) => void (h.out += t),
    stderr: (t: string) => void (h.err += t),
    isTTY: () => false,
    env: () => undefined,
    now: () => 0,
  };
  return h;
}
