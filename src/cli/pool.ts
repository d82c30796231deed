// The worker pool that `quarry check` (extraction) and `quarry parse` (statistics) share: this
// thread plus N-1 worker threads run one task over a list of jobs, dealt out in batches; results
// come back in job order. Idle workers are kept (unref'd) for the next run of any task.
import { Worker } from "node:worker_threads";
import { loadTask, type TaskName, type TaskJob, type TaskResult } from "./pool-tasks.js";

export interface PoolOptions {
  /** Threads in all, this one included (1: everything runs here, no worker is started). */
  threads: number;
  /**
   * Where the batch starting at job `start` ends (exclusive, > start); default: 32 jobs. Jobs are
   * dealt in list order, so callers that want the largest first sort them before.
   */
  batchEnd?: (start: number) => number;
}

// Idle workers from earlier runs. A new isolate compiles its code from scratch and runs it cold
// until V8 has seen it hot, so workers are kept between runs rather than started per run.
const idle: Worker[] = [];

/** How many idle (warm) workers the pool holds. */
export function idleWorkers(): number {
  return idle.length;
}

/** Terminates the idle workers the pool keeps between runs. */
export async function closePool(): Promise<void> {
  const all = idle.splice(0);
  await Promise.all(all.map((w) => w.terminate()));
}

function takeWorker(): Worker {
  const w = idle.pop();
  if (w !== undefined) {
    w.ref();
    return w;
  }
  return new Worker(new URL("./pool-worker.js", import.meta.url));
}

/**
 * Runs `task` on every job: on this thread and on `threads - 1` workers at once. This thread
 * works too rather than idling while workers do: on 2 cores a third busy thread only competes.
 * Resolves to the results in job order; rejects when a worker fails (a task itself never throws:
 * its errors are part of its result).
 */
export async function runPool<T extends TaskName>(task: T, jobs: readonly TaskJob<T>[], options: PoolOptions): Promise<TaskResult<T>[]> {
  const run = await loadTask(task);
  const results: TaskResult<T>[] = new Array<TaskResult<T>>(jobs.length);
  const batchEnd = options.batchEnd ?? ((s: number) => s + 32);
  let next = 0;
  const nextBatch = (): [number, number] | null => {
    if (next >= jobs.length) return null;
    const start = next;
    next = Math.min(jobs.length, Math.max(start + 1, batchEnd(start)));
    return [start, next];
  };
  const workers = Math.max(0, Math.min(options.threads - 1, jobs.length - 1));
  const done: Promise<void>[] = [];
  for (let w = 0; w < workers; w++) done.push(feed(takeWorker(), task, jobs, nextBatch, results));
  // This thread's share, a batch at a time, yielding between batches so that the workers' answers
  // are taken (and their next batches sent) promptly.
  for (let b = nextBatch(); b !== null; b = nextBatch()) {
    for (let i = b[0]; i < b[1]; i++) results[i] = run(jobs[i]!);
    if (workers > 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await Promise.all(done);
  return results;
}

/** Feeds `worker` batches until there are none left (two in flight, so it never waits on us). */
function feed<T extends TaskName>(
  worker: Worker,
  task: T,
  jobs: readonly TaskJob<T>[],
  nextBatch: () => [number, number] | null,
  results: TaskResult<T>[],
): Promise<void> {
  return new Promise((resolve, reject) => {
    let inFlight = 0;
    const send = (): void => {
      const b = nextBatch();
      if (b === null) return;
      inFlight++;
      worker.postMessage({ task, start: b[0], jobs: jobs.slice(b[0], b[1]) });
    };
    const park = (): void => {
      // Done: keep the worker for the next run without holding the process open.
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.unref();
      idle.push(worker);
      resolve();
    };
    const onMessage = (msg: { start: number; results: TaskResult<T>[] }): void => {
      inFlight--;
      for (let i = 0; i < msg.results.length; i++) results[msg.start + i] = msg.results[i]!;
      send();
      if (inFlight === 0) park();
    };
    const onError = (e: Error): void => {
      worker.off("message", onMessage);
      reject(e);
    };
    worker.on("message", onMessage);
    worker.once("error", onError);
    send();
    send();
    if (inFlight === 0) park();
  });
}
