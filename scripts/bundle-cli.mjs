// Build step after `tsc`: bundles the compiled CLI (dist/src/cli/main.js and everything it loads,
// dependencies included) into one CommonJS file, dist/cli/quarry.cjs, then runs it on a small
// generated project (check cold, check warm, dump) and stores V8's code cache of everything that
// run compiled in dist/cli/quarry.cjs.cache. bin/quarry.js loads the two (bin/load-cli.js).
import { build } from "esbuild";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = join(root, "dist", "cli", "quarry.cjs");

await build({
  entryPoints: [join(root, "dist", "src", "cli", "main.js")],
  outfile: out,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  // The bundle is run inside a function (bin/load-cli.js) that passes the compiled main.js's URL.
  define: { "import.meta.url": "__quarry_cli_url" },
  logLevel: "warning",
});
rmSync(`${out}.cache`, { force: true });

// The training run: a Tach project whose files use most of Python's syntax, so the parser's
// functions are compiled (and cached) along with the checker's.
const dir = mkdtempSync(join(tmpdir(), "quarry-train-"));
try {
  writeFileSync(
    join(dir, "tach.toml"),
    'source_roots = ["src"]\nexclude = ["**/tests"]\n\n[[modules]]\npath = "app"\ndepends_on = ["lib"]\n\n[[modules]]\npath = "lib"\ndepends_on = []\n',
  );
  const body = `"""Docstring."""
from __future__ import annotations
import os, sys as system
from typing import TYPE_CHECKING
from app import core  # tach-ignore(reason) app
if TYPE_CHECKING:
    from lib.types import Thing
else:
    Thing = None

@decorator(1, key="v")
class Point(Base, metaclass=Meta):
    x: int = 0
    def __init__(self, *args, y=2, **kw) -> None:
        super().__init__(*args, **kw)
        self.y = [i * 2 for i in range(10) if i % 2] + list({k: v for k, v in kw.items()})
    async def run(self, q):
        async with q as r, open("f") as g:
            async for item in r:
                await item
        return lambda a, b=1: a ** b // 3 - ~a

def gen(n: int, /, *, flag: bool = False) -> "Point":
    global counter
    try:
        yield from (x for x in range(n))
    except (ValueError, KeyError) as e:
        raise RuntimeError(f"bad {e!r:>10} {n + 1}") from e
    finally:
        del n
    while True:
        if not flag and n is not None or n in (1, 2):
            break
        elif n >= 3:
            continue
    with open("x") as f, open("y"):
        data = f.read()[1:2, ::3]
    match data:
        case {"k": [1, 2, *rest]} | Point(x=0) if rest:
            pass
        case _:
            assert data, "msg"
    x = y = b"bytes" if data else 0x1F + 1.5e3 + 2j
    x += 1; x <<= 2
    print(*data, sep="")
    type Alias[T] = list[T]
    return {**kw, "a": [*x]}, {1, 2}, (yield)
`;
  for (const [pkg, files] of [
    ["app", 12],
    ["lib", 12],
  ]) {
    mkdirSync(join(dir, "src", pkg), { recursive: true });
    writeFileSync(join(dir, "src", pkg, "__init__.py"), "");
    for (let i = 0; i < files; i++)
      writeFileSync(join(dir, "src", pkg, `m${i}.py`), `from ${pkg === "app" ? "lib" : "app"}.m${i} import gen\n` + body);
  }
  writeFileSync(join(dir, "bad.py"), "x = (1,\n");
  const { compileBundle, writeCodeCache } = await import("../bin/load-cli.js");
  const { main, script } = compileBundle();
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = process.stderr.write = () => true;
  const cwd = process.cwd();
  try {
    process.chdir(dir);
    for (const argv of [
      ["check"],
      ["check"],
      ["check", "--output", "json"],
      ["dump", join(dir, "src", "app", "m0.py")],
      ["dump", join(dir, "bad.py")],
    ])
      await main(argv);
  } finally {
    process.chdir(cwd);
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
  writeCodeCache(script);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
