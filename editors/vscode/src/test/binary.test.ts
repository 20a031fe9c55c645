// Unit tests of the executable lookup (node's test runner; no VS Code needed).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

import { candidates, executableName, expandSetting, firstWorking, makeBundledExecutable, serverArgs, version } from "../binary";

const base = { extensionPath: "/ext", setting: "", env: { PATH: "/usr/bin:/opt/amlint/bin" }, platform: "linux" as const, home: "/home/u" };
const only = (...files: string[]) => (f: string) => files.includes(f);

test("the bundled binary comes first, then amlint.path, PATH, pipx and cargo", () => {
  const all = only("/ext/bin/amlint", "/custom/amlint", "/opt/amlint/bin/amlint", "/home/u/.local/bin/amlint", "/home/u/.cargo/bin/amlint");
  const list = candidates({ ...base, setting: "/custom/amlint", runnable: all });
  assert.deepEqual(
    list.map((c) => c.origin),
    ["bundled", "amlint.path", "PATH", "pipx", "cargo"],
  );
  assert.equal(list[0].path, "/ext/bin/amlint");
});

test("without a bundled binary amlint.path is used", () => {
  const list = candidates({ ...base, setting: "/custom/amlint", runnable: only("/custom/amlint", "/opt/amlint/bin/amlint") });
  assert.equal(list[0].path, "/custom/amlint");
  assert.equal(list[0].origin, "amlint.path");
});

test("a missing amlint.path is skipped, and pipx's folder is found off PATH", () => {
  const list = candidates({ ...base, setting: "/nowhere/amlint", runnable: only("/home/u/.local/bin/amlint") });
  assert.deepEqual(list, [{ path: "/home/u/.local/bin/amlint", origin: "pipx" }]);
});

test("amlint.path: ~, ${userHome}, ${workspaceFolder}, relative, and a bare name on PATH", () => {
  const at = { home: "/home/u", workspaceFolder: "/repo" };
  assert.equal(expandSetting("~/bin/amlint", at), "/home/u/bin/amlint");
  assert.equal(expandSetting("${userHome}/bin/amlint", at), "/home/u/bin/amlint");
  assert.equal(expandSetting("${workspaceFolder}/.venv/bin/amlint", at), "/repo/.venv/bin/amlint");
  assert.equal(expandSetting(".venv/bin/amlint", at), path.join("/repo", ".venv/bin/amlint"));
  assert.equal(expandSetting("  ", at), "");
  const list = candidates({ ...base, setting: "amlint-dev", runnable: only("/opt/amlint/bin/amlint-dev") });
  assert.deepEqual(list, [{ path: "/opt/amlint/bin/amlint-dev", origin: "amlint.path" }]);
});

test("Windows: amlint.exe, PATHEXT and ; in PATH", () => {
  assert.equal(executableName("win32"), "amlint.exe");
  const list = candidates({
    ...base,
    platform: "win32",
    env: { Path: "C:\\a;C:\\tools", PATHEXT: ".COM;.EXE" },
    runnable: only(path.join("C:\\tools", "amlint.exe")),
  });
  assert.equal(list.length, 1);
  assert.equal(list[0].origin, "PATH");
});

test("server arguments: server --stdio, then amlint.args (strings only)", () => {
  assert.deepEqual(serverArgs(undefined), ["server", "--stdio"]);
  assert.deepEqual(serverArgs(["--x", 3, "", "y"]), ["server", "--stdio", "--x", "y"]);
});

test("the first candidate that runs is chosen; the others' errors are kept", async () => {
  const probe = async (file: string) =>
    file === "/bad" ? ({ ok: false, error: "Exec format error" } as const) : ({ ok: true, version: "amlint 0.1.0" } as const);
  const r = await firstWorking(
    [
      { path: "/bad", origin: "bundled" },
      { path: "/good", origin: "amlint.path" },
    ],
    probe,
  );
  assert.equal(r.chosen?.path, "/good");
  assert.equal(r.chosen?.version, "amlint 0.1.0");
  assert.equal(r.failures.length, 1);
  assert.match(r.failures[0], /bundled.*Exec format error/);
});

test("version runs a real executable, and reports one that cannot run", { skip: process.platform === "win32" }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "amlint-vscode-"));
  fs.mkdirSync(path.join(dir, "bin"));
  const good = path.join(dir, "bin", "amlint");
  fs.writeFileSync(good, "#!/bin/sh\necho 'amlint 9.9.9'\n", { mode: 0o755 });
  const bad = path.join(dir, "broken");
  fs.writeFileSync(bad, "\x7fELF not really", { mode: 0o755 });
  assert.deepEqual(await version(good), { ok: true, version: "amlint 9.9.9" });
  assert.equal((await version(bad)).ok, false);
  // The real lookup (no injected runnable): a file that is not executable, or a folder, does not count.
  fs.writeFileSync(path.join(dir, "amlint"), "not executable", { mode: 0o644 });
  fs.mkdirSync(path.join(dir, ".cargo", "bin", "amlint"), { recursive: true });
  const list = candidates({ ...base, extensionPath: dir, env: { PATH: dir }, home: dir });
  assert.deepEqual(list, [{ path: good, origin: "bundled" }]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a bundled binary without its executable bit gets it back", { skip: process.platform === "win32" }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "amlint-vscode-"));
  fs.mkdirSync(path.join(dir, "bin"));
  const file = path.join(dir, "bin", "amlint");
  fs.writeFileSync(file, "#!/bin/sh\n", { mode: 0o644 });
  assert.deepEqual(candidates({ ...base, extensionPath: dir, env: {}, home: dir }), []);
  makeBundledExecutable(dir, "linux");
  assert.equal(fs.statSync(file).mode & 0o777, 0o755);
  assert.deepEqual(candidates({ ...base, extensionPath: dir, env: {}, home: dir }), [{ path: file, origin: "bundled" }]);
  makeBundledExecutable(path.join(dir, "nowhere"), "linux"); // no binary: nothing happens
  fs.rmSync(dir, { recursive: true, force: true });
});
