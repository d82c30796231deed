// `quarry dump FILE` (no options) on every ok grammar fixture, as a child process: stdout equals
// CPython 3.14's ast.dump(tree) (test/support/oracle.ts). Kept apart from dump.test.ts so that each
// file stays well under 20 s on a loaded machine.
import { test } from "node:test";
import { askOracle } from "../support/oracle.js";
import { checkOkFixtures } from "./helpers.js";

test("ok fixtures, no options: stdout equals ast.dump(tree)", () =>
  checkOkFixtures([], async (bytes) => (await askOracle(bytes, { variants: true })).map((a) => (a.ok ? a.dumpPlain : undefined))));
