// Config readers: Tach TOML (strict keys with lines), domain files, INI and import-linter contracts,
// and the glob dialects.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readTachConfig, readDomainConfig, formatConfigError } from "../../src/check/config/tach.js";
import { parseIni } from "../../src/check/config/ini.js";
import { readImportLinterIni, readImportLinterToml } from "../../src/check/config/importlinter.js";
import { compileModuleGlob, compileVisibilityGlob, hasGlobSyntax } from "../../src/check/project/glob.js";

test("unknown keys name the key and its line, in every table", () => {
  const text = [
    'source_roots = ["."]', // 1
    "bogus = 1", // 2
    "", // 3
    "[[modules]]", // 4
    'path = "a"', // 5
    "utilty = true", // 6
    "", // 7
    "[[modules]]", // 8
    'path = "b"', // 9
    'depends_on = [{ path = "a", deprecatd = true }]', // 10
    "", // 11
    "[[interfaces]]", // 12
    'expose = ["x"]', // 13
    "exclusiv = true", // 14
    "", // 15
    "[rules]", // 16
    'local_imports = "loud"', // 17
    "", // 18
    "[plugins.django]", // 19
    'settings = "x"', // 20
  ].join("\n");
  const r = readTachConfig(text, "tach.toml", "");
  assert.equal(r.value, null);
  assert.deepEqual(
    r.errors.map((e) => `${e.line}:${e.col} ${e.message.split(",")[0]}`),
    [
      "2:1 unknown field `bogus`",
      "6:1 unknown field `utilty`",
      "10:29 unknown field `deprecatd`",
      "14:1 unknown field `exclusiv`",
      '17:1 invalid value for `local_imports`: "loud"',
      "20:1 unknown field `settings`",
    ],
  );
});

test("malformed TOML gives file:line:col", () => {
  const r = readTachConfig('[[modules]]\npath = "a"\ndepends_on = ["b"\n', "tach.toml", "");
  assert.equal(r.value, null);
  assert.match(formatConfigError(r.errors[0]!), /^tach\.toml:\d+:\d+: TOML parse error: /);
});

test("defaults, bulk modules, layers and pyproject nesting", () => {
  const r = readTachConfig(
    [
      "[tool.tach]",
      'layers = ["a", { name = "b", closed = true }]',
      'respect_gitignore = "if_git_repo"',
      "[[tool.tach.modules]]",
      'paths = ["x", "y"]',
      'depends_on = ["z", { path = "w", deprecated = true }]',
      'layer = "a"',
      "[[tool.tach.modules]]",
      'path = "z"',
      "[tool.tach.rules]",
      'unused_ignore_directives = "error"',
    ].join("\n"),
    "pyproject.toml",
    "tool.tach",
  );
  assert.deepEqual(r.errors, []);
  const c = r.value!;
  assert.deepEqual(c.layers, [
    { name: "a", closed: false },
    { name: "b", closed: true },
  ]);
  assert.equal(c.respect_gitignore, "if_git_repo");
  assert.deepEqual(
    c.modules.map((m) => [m.path, m.depends_on?.map((d) => `${d.path}${d.deprecated ? "!" : ""}`), m.layer]),
    [
      ["x", ["z", "w!"], "a"],
      ["y", ["z", "w!"], "a"],
      ["z", undefined, null],
    ],
  );
  assert.equal(c.rules.unused_ignore_directives, "error");
  assert.equal(c.rules.local_imports, "error");
  assert.equal(c.rules.require_ignore_directive_reasons, "off");
  assert.equal(c.ignore_type_checking_imports, true);
  assert.deepEqual(c.source_roots, ["."]);
  assert.equal(c.root_module, "ignore");
});

test("domain files resolve //absolute, <domain_root> and relative names", () => {
  const r = readDomainConfig(
    [
      "[root]",
      'depends_on = ["//core", "svc", "<domain_root>"]',
      'visibility = ["//api"]',
      "[[modules]]",
      'path = "svc"',
      'depends_on = ["//x.y"]',
      "[[interfaces]]",
      'expose = ["a.*"]',
      'from = ["<domain_root>", "svc"]',
    ].join("\n"),
    "pkg/dom/tach.domain.toml",
    "pkg.dom",
  );
  assert.deepEqual(r.errors, []);
  const [root, svc] = r.value!.modules;
  assert.equal(root!.path, "pkg.dom");
  assert.deepEqual(
    root!.depends_on!.map((d) => d.path),
    ["core", "pkg.dom.svc", "pkg.dom"],
  );
  assert.deepEqual(root!.visibility, ["api"]);
  assert.equal(svc!.path, "pkg.dom.svc");
  assert.deepEqual(
    svc!.depends_on!.map((d) => d.path),
    ["x.y"],
  );
  assert.deepEqual(r.value!.interfaces[0]!.from, ["pkg.dom", "pkg.dom.svc"]);
  assert.deepEqual(r.value!.interfaces[0]!.expose, ["a.*"]);
});

test("INI reader: multi-line values, comments, errors with lines", () => {
  const { sections, errors } = parseIni("# c\n[a]\nk = v\nlist =\n    one\n    two\n; c\nother: x\n[b]\nbroken line\n");
  assert.deepEqual(
    sections.map((s) => [s.name, [...s.entries].map(([k, v]) => `${k}=${JSON.stringify(v.value)}@${v.line}`)]),
    [
      ["a", ['k="v"@3', 'list="\\none\\ntwo"@4', 'other="x"@8']],
      ["b", []],
    ],
  );
  assert.deepEqual(
    errors.map((e) => e.line),
    [10],
  );
});

test("import-linter contracts from INI and TOML, invalid contracts listed", () => {
  const ini = readImportLinterIni(
    "[importlinter]\nroot_packages =\n    a\n    b\ninclude_external_packages = True\n[importlinter:contract:x]\nname = L\ntype = layers\nlayers =\n    a.hi\n    a.mid1 | a.mid2\n    (a.lo) : a.lo2\n[importlinter:contract:y]\nname = Bad\ntype = forbidden\nsource_modules = a\n",
    ".importlinter",
  );
  assert.deepEqual(ini.errors, []);
  const c = ini.value!;
  assert.deepEqual(c.root_packages, ["a", "b"]);
  assert.equal(c.include_external_packages, true);
  const layers = c.contracts[0]!;
  assert.equal(layers.type, "layers");
  if (layers.type === "layers") {
    assert.deepEqual(
      layers.layers.map((l) => [l.independent, l.modules.map((m) => (m.optional ? `(${m.name})` : m.name))]),
      [
        [true, ["a.hi"]],
        [true, ["a.mid1", "a.mid2"]],
        [false, ["(a.lo)", "a.lo2"]],
      ],
    );
  }
  assert.deepEqual(c.invalid, [{ id: "y", name: "Bad", line: 13, problems: ["forbidden_modules: This is a required field."] }]);
  const toml = readImportLinterToml(
    '[tool.importlinter]\nroot_package = "a"\n[[tool.importlinter.contracts]]\nname = "I"\ntype = "independence"\nmodules = ["a.x", "a.y"]\n',
    "pyproject.toml",
  );
  assert.equal(toml.value!.contracts[0]!.type, "independence");
  assert.equal(toml.value!.contracts[0]!.line, 3);
});

test("glob dialects: Tach ** is zero or more, import-linter ** is one or more", () => {
  const tach = compileModuleGlob("libs.**", 0);
  assert.ok(tach.matches("libs") && tach.matches("libs.a") && tach.matches("libs.a.b") && !tach.matches("lib"));
  const lead = compileModuleGlob("**.services", 0);
  assert.ok(lead.matches("services") && lead.matches("a.b.services") && !lead.matches("a.servicesx"));
  const il = compileModuleGlob("foo.**", 1);
  assert.ok(!il.matches("foo") && il.matches("foo.bar") && il.matches("foo.bar.baz"));
  const star = compileModuleGlob("a.*.c", 1);
  assert.ok(star.matches("a.b.c") && !star.matches("a.b.b.c"));
  assert.ok(compileModuleGlob("a.{x,y}", 0).matches("a.y"));
  assert.ok(compileVisibilityGlob("a.*").matches("a.b.c"));
  assert.ok(hasGlobSyntax("a.*") && !hasGlobSyntax("a.b") && !hasGlobSyntax("a\\*"));
});

test("globs with many ** stay fast", () => {
  const g = compileModuleGlob(Array(30).fill("**").join(".") + ".x", 0);
  const long = Array(60).fill("a").join(".");
  const t0 = performance.now();
  assert.equal(g.matches(long), false);
  assert.equal(g.matches(long + ".x"), true);
  assert.ok(performance.now() - t0 < 500);
});

test("a domain file at a source root's top describes <root>", () => {
  const r = readDomainConfig('[root]\ndepends_on = ["a"]\n[[modules]]\npath = "a"\n', "tach.domain.toml", "");
  assert.deepEqual(
    r.value!.modules.map((m) => [m.path, m.depends_on?.map((d) => d.path) ?? null]),
    [
      ["<root>", ["a"]],
      ["a", null],
    ],
  );
});
