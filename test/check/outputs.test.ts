// SARIF and GitHub annotations as CI tools read them: the SARIF log validates against the SARIF
// 2.1.0 JSON schema (test/check/schemas/, from the @microsoft/jest-sarif package), and every
// location, config errors included, names a file that exists from the working directory, in runs
// started from a parent folder of the project.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { checkCommand as runCheck } from "../../src/cli/check-command.js";
import { fsHost } from "./helpers.js";

const schemaPath = fileURLToPath(new URL("../../../test/check/schemas/sarif-2.1.0-rtm.5.json", import.meta.url));

// The schema is draft-04 (`id`, no `$id`); nothing in it differs from draft-07 except that key.
function sarifValidator() {
  const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as Record<string, unknown>;
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  // The schema has a pattern that is valid only without the u flag (`]?` in `language`).
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat("uri", (s: string) => URL.canParse(s));
  ajv.addFormat("uri-reference", (s: string) => URL.canParse(s, "file:///base/"));
  ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile(schema);
}

/** Writes `files` under a fresh temporary folder; returns its path. */
function tempTree(files: Record<string, string>): string {
  const dir = mkdtempSync(tmpdir() + "/quarry-outputs-").replace(/\\/g, "/");
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(`${dir}/${rel}`.replace(/\/[^/]*$/, ""), { recursive: true });
    writeFileSync(`${dir}/${rel}`, text);
  }
  return dir;
}

// A project under proj/ with Tach violations, a global diagnostic (a syntax error), a Tach
// warning, and broken import-linter contracts (a chain, two imports on one line pair).
const project = {
  "proj/tach.toml": '[[modules]]\npath = "app.a"\ndepends_on = []\n\n[[modules]]\npath = "app.b"\n\n[[modules]]\npath = "app.bad"\n',
  "proj/.importlinter":
    "[importlinter]\nroot_package = app\n\n[importlinter:contract:f]\nname = a must not use b\ntype = forbidden\nsource_modules = app.a\nforbidden_modules = app.b\n\n" +
    "[importlinter:contract:p]\nname = b is protected\ntype = protected\nprotected_modules = app.b\nallowed_importers = app.c\n",
  "proj/app/__init__.py": "",
  "proj/app/a/__init__.py": "from app.b import x\nfrom app.b import y  # tach-ignore(one) nothere\n",
  "proj/app/b/__init__.py": "x = y = 1\n",
  "proj/app/c.py": "import app.b\n",
  "proj/app/bad.py": "def f(:\n",
};

function parseGithubLine(line: string): { kind: string; props: Map<string, string>; message: string } {
  // ::kind prop=value,prop=value::message, with %XX escapes in values and message.
  const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
  assert.ok(m, `not a workflow command: ${line}`);
  const unescapeProp = (s: string) =>
    s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%25/g, "%");
  const props = new Map<string, string>();
  for (const p of (m[2] ?? "").split(",").filter(Boolean)) {
    const eq = p.indexOf("=");
    assert.ok(eq > 0, `bad property ${p} in ${line}`);
    props.set(p.slice(0, eq), unescapeProp(p.slice(eq + 1)));
  }
  return { kind: m[1]!, props, message: unescapeProp(m[3]!) };
}

test("SARIF validates against the SARIF 2.1.0 schema; locations exist from %SRCROOT% (the working directory)", async () => {
  const dir = tempTree(project);
  try {
    const h = fsHost(dir); // the working directory is the project's parent folder
    assert.equal(await runCheck(["proj", "--output", "sarif", "--no-cache"], h), 1);
    assert.equal(h.err, "");
    const log = JSON.parse(h.out) as {
      runs: {
        originalUriBaseIds: Record<string, { uri: string }>;
        results: {
          ruleId: string;
          locations?: {
            physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number } };
          }[];
        }[];
      }[];
    };
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    // The validator does reject what the schema forbids.
    assert.equal(validate({ version: "2.1.0" }), false);
    assert.equal(validate({ ...log, runs: [{ ...log.runs[0], results: [{ message: {}, level: "fatal" }] }] }), false);
    const run = log.runs[0]!;
    const base = run.originalUriBaseIds["%SRCROOT%"]!.uri;
    assert.equal(base, `file://${dir}/`);
    for (const r of run.results) {
      assert.ok(r.locations !== undefined && r.locations.length === 1, `${r.ruleId} has a location`);
      const loc = r.locations[0]!.physicalLocation;
      assert.equal(loc.artifactLocation.uriBaseId, "%SRCROOT%");
      assert.ok(existsSync(fileURLToPath(new URL(loc.artifactLocation.uri, base))), loc.artifactLocation.uri);
      assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
    }
    const at = (ruleId: string) =>
      run.results
        .filter((r) => r.ruleId === ruleId)
        .map((r) => `${r.locations![0]!.physicalLocation.artifactLocation.uri}:${r.locations![0]!.physicalLocation.region.startLine}`);
    assert.deepEqual(at("UndeclaredDependency"), ["proj/app/a/__init__.py:1", "proj/app/a/__init__.py:2"]);
    // A global diagnostic carries the place it is about: the syntax error's own line.
    assert.deepEqual(at("SkippedFileSyntaxError"), ["proj/app/bad.py:1"]);
    // One result per offending import: the forbidden chain's first import, each protected import.
    assert.deepEqual(at("importlinter/forbidden"), ["proj/app/a/__init__.py:1", "proj/app/a/__init__.py:2"]);
    assert.deepEqual(at("importlinter/protected"), ["proj/app/a/__init__.py:1", "proj/app/a/__init__.py:2"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("SARIF and GitHub: configuration errors are located in the config file, at their line", async () => {
  const dir = tempTree({ "proj/tach.toml": '[[modules]]\npath = "a"\nutilty = true\n', "proj/a.py": "" });
  try {
    const h = fsHost(dir);
    assert.equal(await runCheck(["proj", "--output", "sarif", "--no-cache"], h), 1);
    const log = JSON.parse(h.out) as {
      runs: {
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
        }[];
      }[];
    };
    assert.ok(sarifValidator()(log));
    const r = log.runs[0]!.results[0]!;
    assert.equal(r.ruleId, "ConfigurationError");
    assert.equal(r.locations[0]!.physicalLocation.artifactLocation.uri, "proj/tach.toml");
    assert.deepEqual(r.locations[0]!.physicalLocation.region, { startLine: 3, startColumn: 1 });
    const g = fsHost(dir);
    assert.equal(await runCheck(["proj", "--output", "github", "--no-cache"], g), 1);
    const line = parseGithubLine(g.out.trim());
    assert.equal(line.props.get("file"), "proj/tach.toml");
    assert.equal(line.props.get("line"), "3");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("GitHub annotations parse as workflow commands, with paths that exist from the working directory", async () => {
  const dir = tempTree(project);
  try {
    const h = fsHost(dir);
    assert.equal(await runCheck(["proj", "--output", "github", "--no-cache"], h), 1);
    assert.equal(h.err, "");
    const lines = h.out.trimEnd().split("\n");
    assert.ok(lines.length >= 6);
    for (const l of lines) {
      const { props } = parseGithubLine(l);
      const file = props.get("file");
      assert.ok(file !== undefined, `every annotation has a file: ${l}`);
      assert.ok(existsSync(`${dir}/${file}`), file);
      assert.ok(Number(props.get("line")) >= 1 && Number(props.get("col")) >= 1);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--output json: one versioned shape, with or without an import-linter configuration", async () => {
  const dir = tempTree(project);
  try {
    const keys = ["format", "version", "exit", "error", "tach", "importlinter"];
    const both = fsHost(dir);
    await runCheck(["proj", "--output", "json", "--no-cache"], both);
    const a = JSON.parse(both.out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(a), keys);
    rmSync(`${dir}/proj/.importlinter`);
    const tachOnly = fsHost(dir);
    await runCheck(["proj", "--output", "json", "--no-cache"], tachOnly);
    const b = JSON.parse(tachOnly.out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(b), keys);
    assert.equal(b.format, "quarry-check");
    assert.equal(b.version, 1);
    assert.equal(b.importlinter, null);
    assert.deepEqual(Object.keys(b.tach as object), Object.keys(a.tach as object));
    assert.deepEqual(Object.keys(a.importlinter as object), ["config", "error", "analyzed_files", "dependencies", "contracts", "invalid"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
