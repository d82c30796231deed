// The Node implementation of quarry check's Host: real files, real stdout/stderr. Paths are
// absolute with `/` separators (Windows drive paths are converted at this edge).
import { readFileSync, readdirSync, statSync, writeFileSync, renameSync, mkdirSync, unlinkSync } from "node:fs";
import type { Host, DirEntry } from "../check/index.js";

const toPosix = (p: string) => p.replace(/\\/g, "/");

export function createNodeHost(): Host {
  return {
    cwd: () => toPosix(process.cwd()),
    readFile(path) {
      try {
        return readFileSync(path);
      } catch {
        return null;
      }
    },
    readDir(path) {
      try {
        const out: DirEntry[] = [];
        for (const e of readdirSync(path, { withFileTypes: true })) {
          if (e.isDirectory()) out.push({ name: e.name, kind: "dir" });
          else if (e.isFile()) out.push({ name: e.name, kind: "file" });
          else if (e.isSymbolicLink()) {
            try {
              const s = statSync(`${path}/${e.name}`);
              if (s.isDirectory()) out.push({ name: e.name, kind: "dir" });
              else if (s.isFile()) out.push({ name: e.name, kind: "file" });
            } catch {
              // dangling link: skipped
            }
          }
        }
        return out;
      } catch {
        return null;
      }
    },
    stat(path) {
      try {
        const s = statSync(path);
        return s.isDirectory() ? "dir" : s.isFile() ? "file" : null;
      } catch {
        return null;
      }
    },
    writeFile(path, data) {
      try {
        mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
        writeFileSync(path, data);
        return true;
      } catch {
        return false;
      }
    },
    rename(from, to) {
      try {
        renameSync(from, to);
        return true;
      } catch {
        return false;
      }
    },
    remove(path) {
      try {
        unlinkSync(path);
        return true;
      } catch {
        return false;
      }
    },
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    isTTY: (s) => (s === "stdout" ? process.stdout.isTTY : process.stderr.isTTY) === true,
    env: (n) => (n === "QUARRY_PID" ? String(process.pid) : process.env[n]),
    now: () => performance.now(),
  };
}
