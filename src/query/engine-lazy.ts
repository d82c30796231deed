// The browser build's engine.ts (playground/build.mjs redirects imports of engine.js here): the fix
// path (fix-run.ts, the edit engine, the unparser) is a separate chunk, imported on first need.
import type { runFixes, transformedMessage } from "./fix-run.js";

let engine: typeof runFixes | null = null;
let messages: typeof transformedMessage | null = null;
let loading: Promise<void> | null = null;

/**
 * The function that applies a query's fixes. Throws an Error saying to await loadFixEngine()
 * when the fix engine has not been loaded yet (compiling a query whose rule has a `fix` starts
 * loading it).
 */
export function fixEngine(): typeof runFixes {
  if (engine === null)
    throw new Error(
      "quarry: the fix engine is loaded on first use in this browser build: await loadFixEngine() before Query.fix / Query.fixes",
    );
  return engine;
}

/**
 * The function that fills a rule's message with transformed metavariables (rules with a
 * `transform`). Throws as fixEngine does until the engine is loaded.
 */
export function messageEngine(): typeof transformedMessage {
  if (messages === null)
    throw new Error(
      "quarry: the fix engine is loaded on first use in this browser build: await loadFixEngine() before finding with a rule that has a transform and a message",
    );
  return messages;
}

/** Loads the fix engine (once); resolves when Query.fix and Query.fixes can run. Rejects if the chunk cannot be fetched. */
export function loadFixEngine(): Promise<void> {
  if (loading === null)
    loading = import("./fix-run.js").then(
      (m) => {
        engine = m.runFixes;
        messages = m.transformedMessage;
      },
      (e: unknown) => {
        loading = null; // a later call may try again (the page came back online)
        throw e;
      },
    );
  return loading;
}

/** A query with a fix (or a transform) was compiled: start loading the engine (a failure is reported by loadFixEngine). */
export function wantFixEngine(): void {
  if (engine === null) loadFixEngine().catch(() => {});
}
