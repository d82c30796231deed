// `quarry check --watch`: one incremental checker for the whole session; file events are gathered,
// debounced, turned into changes (by what is on disk now) and handed to it.
import { type Host, resolvePath, relativePath } from "../host.js";
import type { CheckArgs, CheckProjectResult } from "../api.js";
import { createChecker, type FileChange } from "./checker.js";

// Events under these never start a run (quarry's own cache writes, git, bytecode).
const NOISE = /(^|\/)(\.quarry-cache|\.git|__pycache__)(\/|$)/;

/** How long after the last event a re-check starts, in milliseconds. */
export const DEBOUNCE_MS = 100;

/**
 * Checks the project at `start`, then re-checks whenever `host.watch` reports a change under it,
 * until the process stops (the promise never settles). `report` prints a result and returns the
 * exit code to log. Paths from the watcher are relative to `start` (or absolute).
 */
export function watchCheck(
  args: CheckArgs,
  host: Host,
  start: string,
  report: (result: CheckProjectResult) => Promise<number>,
): Promise<number> {
  const watch = host.watch!;
  const checker = createChecker(host, { ...args, path: start, watch: false });
  const pending = new Set<string>();
  let fresh = true; // the next run checks fully (the first one, or after an internal error)
  let running = false;
  let runs = 0;
  const run = async () => {
    if (running) return;
    running = true;
    while (fresh || pending.size > 0) {
      const changes: FileChange[] = [...pending].map((path) => {
        // What the path is now says what happened: gone, a folder (added or moved here), a file.
        const kind = host.stat(path);
        return { path, kind: kind === null ? "deleted" : kind === "dir" ? "added" : "changed" };
      });
      pending.clear();
      let result: CheckProjectResult;
      try {
        result = fresh ? await checker.check() : await checker.update(changes);
        fresh = false;
      } catch (e) {
        host.stderr(`quarry check: internal error: ${String(e)}\n`);
        fresh = true;
        break;
      }
      // A run that changed nothing the check looks at prints nothing.
      if (checker.stats.mode === "none") continue;
      if (host.isTTY("stderr")) host.stderr("\x1b[2J\x1b[H");
      // A separator with the run's number and wall-clock time, so a log of many runs reads apart.
      runs++;
      host.stdout(`──── quarry check: run ${runs} at ${wallClock()} ────\n`);
      const code = await report(result);
      host.stderr(`\n[quarry] exit ${code}; watching for changes (Ctrl-C to stop)\n`);
    }
    running = false;
  };
  let timer: ReturnType<typeof setTimeout> | null = null;
  watch.call(host, start, (path) => {
    if (NOISE.test(path.startsWith("/") ? relativePath(start, path) : path)) return;
    pending.add(resolvePath(start, path));
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, DEBOUNCE_MS);
  });
  void run();
  return new Promise<number>(() => {});
}

// HH:MM:SS, local time.
function wallClock(): string {
  const d = new Date();
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}
