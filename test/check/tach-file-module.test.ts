// Tach's file -> module path mapping (filesystem.rs file_to_module_path), table-driven: the
// source roots, a file, and the dotted path quarry gives it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readTachConfig } from "../../src/check/config/tach.js";
import { Project } from "../../src/check/project/project.js";
import { memHost } from "./helpers.js";

const CASES: [string[], string, string][] = [
  [["."], "__init__.py", "."],
  [["."], "domain_one/__init__.py", "domain_one"],
  [["."], "domain_one/interface.py", "domain_one.interface"],
  [["source/root"], "source/root/domain.py", "domain"],
  [["src1", "src2"], "src1/core/lib/cat.py", "core.lib.cat"],
];

for (const [roots, file, expected] of CASES) {
  test(`file module: ${file} with source roots ${roots.join(", ")} is ${expected}`, () => {
    const toml = `source_roots = [${roots.map((r) => JSON.stringify(r)).join(", ")}]\n`;
    const { value: config } = readTachConfig(toml, "tach.toml", "");
    assert.ok(config !== null);
    const files: Record<string, string> = { "/p/tach.toml": toml, [`/p/${file}`]: "" };
    for (const r of roots) if (r !== ".") files[`/p/${r}/keep.txt`] = "";
    const project = new Project(memHost(files), "/p", config);
    assert.equal(project.fileModule(`/p/${file}`)?.module, expected);
  });
}
