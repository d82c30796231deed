// Worker thread of the pool (pool.ts): each message is a batch of one task's jobs; the answer is
// their results, with the batch's start index.
import { parentPort } from "node:worker_threads";
import { loadTask, type TaskName } from "./pool-tasks.js";

parentPort!.on("message", (msg: { task: TaskName; start: number; jobs: never[] }) => {
  void loadTask(msg.task).then((run) => {
    parentPort!.postMessage({ start: msg.start, results: msg.jobs.map((j) => run(j)) });
  });
});
