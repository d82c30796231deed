// Takes the README's screenshot of the playground (docs/images/playground.png): the default
// program with the AST pane open and a node selected. Needs a built playground and chromium.
// Run: `npm run build:playground && node playground/screenshot.mjs` (CHROME_PATH picks the browser).
import puppeteer from "puppeteer-core";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const server = await serve(join(here, "dist"), 0);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 560, deviceScaleFactor: 1 });
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.quarryPlayground?.idle());
  // Click the row of the first Return: its source is selected in the editor.
  const index = await page.evaluate(() => window.quarryPlayground.treePane.rowsText().findIndex((r) => r.includes("Return")));
  await page.click(`#tree .row[data-index="${index}"] .kind`);
  await page.evaluate(() => document.activeElement?.blur());
  const out = join(here, "..", "docs", "images", "playground.png");
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  server.close();
}
