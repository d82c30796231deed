// The Node implementation of quarry check's Host: real files, real stdout/stderr. Paths are
// absolute with `/` separators (Windows drive paths are converted at this edge).
import { readFileSync, readdirSync, statSync, writeFileSync, renameSync, mkdirSync, unlinkSync, watch } from "node:fs";
import { availableParallelism } from "node:os";
import type { Host, DirEntry } from "../check/index.js";

const toPosix = (p: string) => p.replace(/\\/g, "/");

/**
 * How many extraction workers to use: QUARRY_WORKERS if set (0 turns workers off), else one per
 * core up to 8 on machines with at least 3 cores. On 2 cores the main thread and one worker
 * measured slower than the main thread alone (worker start-up and result cloning), so none.
 */
function workerCount(): number {
  const env = process.env.QUARRY_WORKERS;
  if (env !== undefined && /^\d+$/.test(env)) return Math.min(64, Number(env));
  const cores = availableParallelism();
  return cores >= 3 ? Math.min(8, cores) : 0;
}

export function createNodeHost(): Host {
  const workers = workerCount();
  const host: Host = {
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
            // Linked files are read; linked directories are not followed (as Tach's walker), which
            // also rules out symlink cycles.
            try {
              if (statSync(`${path}/${e.name}`).isFile()) out.push({ name: e.name, kind: "file" });
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
  if (workers > 0) {
    host.extractBatch = async (jobs) => {
      const { runPool } = await import("./pool.js");
      // This thread and up to `workers` workers, one per 100 files at most.
      return runPool("extract", jobs, { threads: 1 + Math.min(workers, Math.ceil(jobs.length / 100)) });
    };
  }
  host.stamp = (path) => {
    try {
      // Plain (not bigint) stats: a third of the cost, and mtimeMs / ctimeMs as doubles still
      // resolve well under a microsecond for present-day times.
      const s = statSync(path, { throwIfNoEntry: false });
      if (s === undefined || !s.isFile()) return null;
      return { key: `${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}`, mtimeMs: s.mtimeMs };
    } catch {
      return null;
    }
  };
  host.watch = (dir, onChange) => {
    watch(dir, { recursive: true }, (_event, name) => onChange(toPosix(String(name ?? ""))));
  };
  return host;
}
