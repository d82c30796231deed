// The tasks the worker pool (pool.ts) runs, by name: each is loaded on first use, on the calling
// thread and in each worker alike, so a `parse` worker never loads the checker and a warm
// `check` never loads the parser.
import type { ExtractOptions, ExtractResult } from "../check/index.js";
import type { FileStats } from "./parse-dir.js";

interface Tasks {
  /** `quarry parse --stats`: a file's path -> its statistics. */
  "parse-stats": { job: string; result: FileStats };
  /** `quarry check`: a file to read and extract imports from -> the result (null: unreadable). */
  extract: { job: { path: string; options: ExtractOptions }; result: ExtractResult | null };
}

export type TaskName = keyof Tasks;
export type TaskJob<T extends TaskName> = Tasks[T]["job"];
export type TaskResult<T extends TaskName> = Tasks[T]["result"];

const loaded = new Map<TaskName, (job: never) => unknown>();

/** The function that runs one job of `task` (loading its module on first use). */
export async function loadTask<T extends TaskName>(task: T): Promise<(job: TaskJob<T>) => TaskResult<T>> {
  let run = loaded.get(task);
  if (run === undefined) {
    run = task === "parse-stats" ? (await import("./parse-dir.js")).parseFileStats : (await import("./extract-file.js")).extractFile;
    loaded.set(task, run);
  }
  return run as (job: TaskJob<T>) => TaskResult<T>;
}
