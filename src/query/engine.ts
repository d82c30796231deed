// The fix path of Query.fix and Query.fixes (fix-run.ts, and through it the edit engine and the
// unparser), behind one import: a browser build swaps this file for engine-lazy.ts, which loads
// that code on first use (playground/build.mjs), so a page that only finds matches does not pay for it.
import { runFixes, transformedMessage } from "./fix-run.js";

/** The function that applies a query's fixes; here always loaded (Query.fix stays synchronous). */
export function fixEngine(): typeof runFixes {
  return runFixes;
}

/** The function that fills a rule's message with transformed metavariables; here always loaded. */
export function messageEngine(): typeof transformedMessage {
  return transformedMessage;
}

/**
 * Resolves once Query.fix and Query.fixes can run. Here it is already so; in a browser bundle
 * built with engine-lazy.ts it loads the fix engine (a separate chunk) first. Never rejects
 * here.
 */
export function loadFixEngine(): Promise<void> {
  return Promise.resolve();
}

/** A query with a fix (or a transform) was compiled: the browser build starts loading the engine; nothing here. */
export function wantFixEngine(): void {}
