// Drives code-server (a real VS Code) in headless Chromium; started by ./run, which sets:
// E2E_URL (the workbench on the scratch repository), E2E_REPO (its folder), E2E_OUT (where the
// screenshot goes), E2E_DEPS (playwright-core's node_modules), E2E_USER_DATA, CHROMIUM.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.env.E2E_DEPS, "package.json"));
const { chromium } = require("playwright-core");

const repo = process.env.E2E_REPO;
const out = process.env.E2E_OUT;
const mod = process.platform === "darwin" ? "Meta" : "Control";
let passed = 0;
let failed = 0;
const started = Date.now();
const log = (msg) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${msg}`);
function check(ok, what, detail = "") {
  if (ok) passed += 1;
  else failed += 1;
  log(`${ok ? "ok  " : "FAIL"} ${what}${detail ? ` — ${detail}` : ""}`);
  return ok;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
page.setDefaultTimeout(30_000);

const status = page.locator(".statusbar-item", { hasText: "amlint" });

/** Poll `fn` until it returns a truthy value or `ms` pass. */
async function until(fn, ms = 30_000, every = 100) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) return v;
    await page.waitForTimeout(every);
  }
}

async function problemsText() {
  return page.evaluate(() => {
    const panel = document.querySelector(".markers-panel");
    return panel ? panel.innerText : "";
  });
}

async function openFile(name) {
  // A double click in the Explorer opens it pinned (a preview tab would close the one before).
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: name }).first().dblclick();
  const ok = await until(
    () => page.evaluate((n) => [...document.querySelectorAll(".tab.active")].some((t) => (t.getAttribute("aria-label") ?? t.textContent).includes(n)), name),
    15_000,
  );
  if (!ok) throw new Error(`${name} did not open`);
}

async function sections() {
  // The panel's rows, grouped under their file rows. The tree renders only the rows in view:
  // read them at the top and at the bottom (scrolled with the wheel), each by its index.
  const panel = page.locator(".markers-panel");
  const read = () =>
    page.evaluate(() =>
      [...document.querySelectorAll(".markers-panel .monaco-list-row")].map((r) => [
        Number(r.getAttribute("data-index")),
        r.innerText.replace(/\s+/g, " "),
      ]),
    );
  const byIndex = new Map(await read());
  await panel.hover();
  await page.mouse.wheel(0, 5000);
  await page.waitForTimeout(150);
  for (const [i, t] of await read()) byIndex.set(i, t);
  await page.mouse.wheel(0, -5000);
  const rows = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t);
  const byFile = {};
  let file = "";
  for (const r of rows) {
    const m = /^(\S+\.(?:yml|sh|ipynb))\b/.exec(r);
    if (m) file = m[1];
    else if (file) (byFile[file] ??= []).push(r);
  }
  return { rows, byFile };
}

/** Run a command from the command palette by its title. */
async function command(title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`>${title}`);
  const item = page.locator(".quick-input-widget .monaco-list-row", { hasText: title }).first();
  await item.waitFor({ timeout: 10_000 });
  await item.click();
}

/** The active text editor's lines, as Monaco renders them. */
async function editorText() {
  return page.evaluate(() => {
    const lines = [...document.querySelectorAll(".editor-group-container.active .monaco-editor .view-lines .view-line")];
    return lines
      .map((l) => ({ top: parseFloat(l.style.top), text: l.innerText.replace(/\u00a0/g, " ") }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text)
      .join("\n");
  });
}

function amlintLogs() {
  const find = (dir) =>
    readdirSync(dir).flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? find(p) : /amlint\.log$/.test(n) ? [p] : [];
    });
  return find(path.join(process.env.E2E_USER_DATA, "logs"));
}

/** Milliseconds from each didChange to the diagnostics that answered it, from the trace's timestamps. */
function extensionHostRoundTrips() {
  const at = (line) => Date.parse(line.slice(0, 23).replace(" ", "T"));
  const trips = [];
  for (const file of amlintLogs()) {
    let sent = 0;
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (line.includes("Sending notification 'textDocument/didChange'")) sent = at(line);
      else if (sent && /Received (response 'textDocument\/diagnostic|notification 'textDocument\/publishDiagnostics)/.test(line)) {
        trips.push(at(line) - sent);
        sent = 0;
      }
    }
  }
  return trips;
}

try {
  log(`opening ${process.env.E2E_URL}`);
  await page.goto(process.env.E2E_URL);
  await page.locator(".monaco-workbench").waitFor();
  await page.locator(".explorer-folders-view, .explorer-viewlet").first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1000);
  if (process.env.E2E_PHASE === "path") await pathPhase();
  else await fullPhase();
} catch (e) {
  check(false, "the test ran to its end", e instanceof Error ? e.stack ?? e.message : String(e));
  await page.screenshot({ path: path.join(out, "screenshot-failure.png") }).catch(() => undefined);
} finally {
  try {
    for (const f of amlintLogs()) log(`extension log: ${f}`);
  } catch {}
  await browser.close();
}
console.log(`e2e${process.env.E2E_PHASE ? ` (${process.env.E2E_PHASE})` : ""}: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

/** The platform-neutral package, no binary inside: amlint.path runs. */
async function pathPhase() {
  await openFile("invoke.sh");
  const label = await until(async () => {
    const l = (await status.first().getAttribute("aria-label").catch(() => "")) ?? "";
    return /\(amlint\.path: /.test(l) ? l : "";
  }, 30_000);
  check(Boolean(label), "platform-neutral package: the status item names the amlint.path binary", label.replace(/\s+/g, " ").slice(0, 160));
  await page.keyboard.press(`${mod}+Shift+M`);
  await page.locator(".markers-panel").waitFor();
  const rows = await until(async () => ((await sections()).byFile["invoke.sh"] ?? []).some((r) => r.includes("ambiguous")), 30_000);
  check(Boolean(rows), "platform-neutral package: invoke.sh's finding in the Problems panel");
  await page.screenshot({ path: path.join(out, "screenshot-path.png") });
}

/** The platform package: diagnostics, quick fix, fix-all on save, commands, timings. */
async function fullPhase() {

  // 1. Diagnostics: open the three files; the Problems panel shows their findings.
  await openFile("inputs.yml");
  // The status item says which binary runs once the server is up (its tooltip is its aria-label).
  const statusText = await until(async () => {
    const label = (await status.first().getAttribute("aria-label").catch(() => "")) ?? "";
    return /\(bundled: /.test(label) ? label : "";
  }, 30_000);
  check(Boolean(statusText), "the status bar item: the server runs, the bundled binary", statusText.replace(/\s+/g, " ").slice(0, 160));
  await openFile("invoke.sh");
  await openFile("run.ipynb");
  await page.locator(".notebookOverlay .monaco-editor .view-line").first().waitFor({ timeout: 30_000 });
  await page.keyboard.press(`${mod}+Shift+M`);
  await page.locator(".markers-panel").waitFor();
  const wanted = [
    ["inputs.yml", "input-key-charset"],
    ["inputs.yml", "asset-version-latest"],
    ["invoke.sh", "abbreviated-flag"],
    ["invoke.sh", "input-type-without-input"],
    ["run.ipynb", "input-key-charset"],
    ["run.ipynb", "asset-version-latest"],
  ];
  const seen = await until(async () => {
    const s = await sections();
    return wanted.every(([f, rule]) => (s.byFile[f] ?? []).some((r) => r.includes(rule))) ? s : null;
  }, 30_000);
  const final = seen ?? (await sections());
  for (const [f, rule] of wanted) {
    check((final.byFile[f] ?? []).some((r) => r.includes(rule)), `Problems panel: ${f} has ${rule}`);
  }
  log(`Problems panel:\n    ${final.rows.join("\n    ")}`);
  await page.screenshot({ path: path.join(out, "screenshot-problems.png") });

  // 2. A quick fix: on `heart-data` in inputs.yml, Ctrl+. and amlint's rename.
  await openFile("inputs.yml");
  const row = page.locator(".markers-panel .monaco-list-row", { hasText: "contains `-`" }).first();
  await row.click();
  await page.keyboard.press("Enter"); // reveal it in the editor: the cursor lands on the key
  await page.waitForTimeout(300);
  await page.keyboard.press(`${mod}+.`);
  const fix = page.locator(".action-widget .monaco-list-row", { hasText: "heart_data" }).first();
  await fix.waitFor({ timeout: 10_000 });
  const menu = await page.locator(".action-widget").first().innerText();
  log(`quick fix menu:\n    ${menu.split("\n").filter(Boolean).join("\n    ")}`);
  await fix.click();
  const fixed = await until(async () => ((await editorText()).includes("heart_data:") ? await editorText() : ""), 10_000);
  check(Boolean(fixed), "quick fix applied: `heart-data` → `heart_data` in the editor", fixed.split("\n")[1]);

  // 3. Fix-all on save (amlint.fixAll): the safe fix `azureml:heart-data@latest` goes in with the save.
  await page.keyboard.press(`${mod}+S`);
  const saved = await until(() => {
    const t = readFileSync(path.join(repo, "inputs.yml"), "utf8");
    return t.includes("@latest") ? t : "";
  }, 10_000);
  check(saved.includes("heart_data:") && saved.includes("azureml:heart-data@latest"), "inputs.yml saved with the fix-all's edit", JSON.stringify(saved));
  await openFile("invoke.sh");
  await page.keyboard.press(`${mod}+S`);
  const script = await until(() => {
    const t = readFileSync(path.join(repo, "invoke.sh"), "utf8");
    return t.includes("--file ") ? t : "";
  }, 10_000);
  check(script.includes("--file inputs.yml") && script.includes(" --in azureml"), "invoke.sh saved: `--f` → `--file` (safe), `--in` left (no fix)", JSON.stringify(script));
  const after = await until(async () => {
    const s = await sections();
    const inputs = s.byFile["inputs.yml"] ?? [];
    return inputs.length === 0 && (s.byFile["invoke.sh"] ?? []).some((r) => r.includes("ambiguous")) ? s : null;
  }, 10_000);
  check(Boolean(after), "after the fixes: inputs.yml has no finding; invoke.sh keeps the ambiguous `--in`");

  // 4. The commands: Fix all problems (a new script with `--f`), Show logs, Restart server.
  writeFileSync(path.join(repo, "more.sh"), "az ml batch-endpoint invoke -n heart-batch --f inputs.yml\n");
  await until(() => page.locator(".explorer-folders-view .monaco-list-row", { hasText: "more.sh" }).count(), 10_000);
  await openFile("more.sh");
  await until(async () => ((await sections()).byFile["more.sh"] ?? []).length > 0, 10_000);
  await command("amlint: Fix all problems");
  const viaCommand = await until(async () => ((await editorText()).includes("--file") ? await editorText() : ""), 10_000);
  check(Boolean(viaCommand), "amlint: Fix all problems put `--file` in the editor", viaCommand.trim());
  await command("amlint: Show logs");
  // The Output panel on the amlint log: its last lines are in view (the trace of this session).
  const logs = await until(async () => {
    const t = await page.evaluate(() => (document.querySelector(".part.panel")?.innerText ?? "").replace(/\u00a0/g, " "));
    return /\[info\] (starting|Sending|Received)/.test(t) ? t : "";
  }, 10_000);
  if (!logs) await page.screenshot({ path: path.join(out, "screenshot-logs.png") });
  check(Boolean(logs), "amlint: Show logs shows the amlint log", (logs.split("\n").filter((l) => l.includes("[info]")).pop() ?? "").trim().slice(0, 160));
  await command("amlint: Restart server");
  const restarted = await until(async () => {
    const label = (await status.first().getAttribute("aria-label").catch(() => "")) ?? "";
    const log = amlintLogs().map((f) => readFileSync(f, "utf8")).join("");
    return /restarting the server/.test(log) && /\(bundled: /.test(label);
  }, 20_000);
  check(Boolean(restarted), "amlint: Restart server: the server restarts and the status item is back");
  await page.keyboard.press(`${mod}+Shift+M`);

  // 5. Keystroke → diagnostics shown: type `-` into `heart_data` (a finding appears) and delete
  // it (it goes), timed in the page from the keydown to the squiggle in the editor and to the
  // Problems panel's row.
  await openFile("inputs.yml");
  await page.evaluate(() => {
    window.__e2e = { key: 0, squiggle: 0, panel: 0 };
    window.addEventListener("keydown", () => { window.__e2e = { key: performance.now(), squiggle: 0, panel: 0 }; }, true);
    const hasSquiggle = () => Boolean(document.querySelector(".editor-group-container.active .monaco-editor .squiggly-error"));
    const hasRow = () => [...document.querySelectorAll(".markers-panel .monaco-list-row")].some((r) => r.innerText.includes("heart-_data"));
    let squiggle = hasSquiggle();
    let row = hasRow();
    new MutationObserver(() => {
      const now = performance.now();
      const s = hasSquiggle();
      const r = hasRow();
      if (s !== squiggle && !window.__e2e.squiggle) window.__e2e.squiggle = now;
      if (r !== row && !window.__e2e.panel) window.__e2e.panel = now;
      squiggle = s;
      row = r;
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  // The cursor after `heart` on line 2.
  await page.locator(".editor-group-container.active .monaco-editor .view-line", { hasText: "heart_data:" }).first().click();
  await page.keyboard.press("Home");
  for (let i = 0; i < "heart".length; i++) await page.keyboard.press("ArrowRight");
  await page.waitForTimeout(500);
  const squiggles = [];
  const panels = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press(i % 2 === 0 ? "Minus" : "Backspace");
    const t = await until(
      () => page.evaluate(() => (window.__e2e.squiggle && window.__e2e.panel ? { ...window.__e2e } : null)),
      5_000,
      10,
    );
    if (t) {
      squiggles.push(t.squiggle - t.key);
      panels.push(t.panel - t.key);
    }
    await page.waitForTimeout(300);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}; ${xs.length} keystrokes)`;
  check(squiggles.length === 12, "every keystroke's finding appeared/cleared in the editor and the Problems panel");
  log(`keystroke → squiggle in the editor: ${fmt(squiggles)}`);
  log(`keystroke → row in the Problems panel: ${fmt(panels)}`);
  // The same keystrokes in the extension host's log (amlint.trace.server: messages): from the
  // didChange sent to the server to its diagnostics received (pulled: textDocument/diagnostic).
  const host = extensionHostRoundTrips().slice(-12);
  if (host.length) log(`didChange → diagnostics back in the extension host (server + pipe): ${fmt(host)}`);
  const client = squiggles.map((s, i) => s - (host[i] ?? 0));
  if (host.length === squiggles.length) log(`client delay (keystroke → squiggle, less the server's round trip): ${fmt(client)}`);
  writeFileSync(path.join(out, "latency.json"), JSON.stringify({ squiggles, panels, host }, null, 1));

  // The notebook again, for the screenshot: its cells with their squiggles, the Problems panel below.
  await openFile("run.ipynb");
  await page.waitForTimeout(1500);
  await page.screenshot({ path: path.join(out, "screenshot.png") });
  log(`screenshots: ${path.join(out, "screenshot.png")}, ${path.join(out, "screenshot-problems.png")}`);
}
