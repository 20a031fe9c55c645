// Which amlint executable the extension starts. No `vscode` import: unit-tested with node's runner.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** Where an executable was found. */
export type Origin = "bundled" | "amlint.path" | "PATH" | "pipx" | "cargo";

export interface Candidate {
  path: string;
  origin: Origin;
}

export interface Lookup {
  /** The extension's own folder: a platform package carries `bin/amlint[.exe]` there. */
  extensionPath: string;
  /** The `amlint.path` setting, as the user wrote it. */
  setting: string;
  /** The first workspace folder: a relative `amlint.path` is read from it. */
  workspaceFolder?: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  /** Whether a file is there and can be run (injected by the tests). */
  runnable?: (file: string) => boolean;
}

export function executableName(platform: NodeJS.Platform): string {
  return platform === "win32" ? "amlint.exe" : "amlint";
}

function isRunnable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The bundled binary runnable: an archive tool that dropped the executable bit (a .vsix is a zip)
 * would otherwise make it look absent. Nothing is done on Windows or when there is no binary.
 */
export function makeBundledExecutable(extensionPath: string, platform: NodeJS.Platform): void {
  if (platform === "win32") return;
  const file = path.join(extensionPath, "bin", executableName(platform));
  try {
    const mode = fs.statSync(file).mode;
    if ((mode & 0o111) === 0) fs.chmodSync(file, mode | 0o755);
  } catch {
    // no bundled binary, or a read-only installation: the lookup goes on to the others
  }
}

/** `~`, `${userHome}` and `${workspaceFolder}` expanded; a relative path read from the workspace. */
export function expandSetting(setting: string, lookup: Pick<Lookup, "home" | "workspaceFolder">): string {
  let value = setting.trim();
  if (!value) return "";
  value = value.replace(/\$\{userHome\}/g, lookup.home);
  if (lookup.workspaceFolder) value = value.replace(/\$\{workspaceFolder\}/g, lookup.workspaceFolder);
  if (value === "~" || value.startsWith("~/") || value.startsWith("~\\")) value = lookup.home + value.slice(1);
  // A bare name (`amlint`) is looked up on PATH, as a shell would.
  if (!value.includes("/") && !value.includes("\\")) return value;
  if (!path.isAbsolute(value) && lookup.workspaceFolder) value = path.join(lookup.workspaceFolder, value);
  return value;
}

function onPath(name: string, lookup: Lookup, runnable: (f: string) => boolean): string | undefined {
  const sep = lookup.platform === "win32" ? ";" : ":";
  const names =
    lookup.platform === "win32" && !/\.[a-z]+$/i.test(name)
      ? (lookup.env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";").map((ext) => name + ext.toLowerCase())
      : [name];
  const dirs = (lookup.env.PATH ?? lookup.env.Path ?? "").split(sep).filter(Boolean);
  for (const dir of dirs) {
    for (const n of names) {
      const file = path.join(dir, n);
      if (runnable(file)) return file;
    }
  }
  return undefined;
}

/**
 * The executables to try, in order: the bundled one; then `amlint.path` (the fallback, and what
 * runs when the package bundles none); then `amlint` on PATH, in pipx's `~/.local/bin` and in
 * `~/.cargo/bin` (an editor started from a desktop often has neither on its PATH).
 * Only the ones that are there and can be run are listed.
 */
export function candidates(lookup: Lookup): Candidate[] {
  const runnable = lookup.runnable ?? isRunnable;
  const exe = executableName(lookup.platform);
  const found: Candidate[] = [];
  const add = (file: string | undefined, origin: Origin) => {
    if (file && !found.some((c) => c.path === file) && runnable(file)) found.push({ path: file, origin });
  };
  add(path.join(lookup.extensionPath, "bin", exe), "bundled");
  const setting = expandSetting(lookup.setting, lookup);
  if (setting) {
    const isName = !setting.includes("/") && !setting.includes("\\");
    add(isName ? onPath(setting, lookup, runnable) : setting, "amlint.path");
  }
  add(onPath(exe, lookup, runnable), "PATH");
  add(path.join(lookup.home, ".local", "bin", exe), "pipx");
  add(path.join(lookup.home, ".cargo", "bin", exe), "cargo");
  return found;
}

/** The command line of the server: `amlint server --stdio` and the user's extra arguments. */
export function serverArgs(extra: readonly unknown[] | undefined): string[] {
  const args = ["server", "--stdio"];
  for (const a of extra ?? []) if (typeof a === "string" && a !== "") args.push(a);
  return args;
}

/** `amlint --version` of an executable (`amlint 0.1.0`), or why it could not run. */
export function version(file: string, timeoutMs = 5000): Promise<{ ok: true; version: string } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    execFile(file, ["--version"], { timeout: timeoutMs, windowsHide: true }, (error, stdout, stderr) => {
      if (error) resolve({ ok: false, error: (stderr || error.message).trim() });
      else resolve({ ok: true, version: stdout.trim() });
    });
  });
}

/** The first candidate that answers `--version`, and the reasons the ones before it did not. */
export async function firstWorking(
  list: Candidate[],
  probe: (file: string) => ReturnType<typeof version> = version,
): Promise<{ chosen?: Candidate & { version: string }; failures: string[] }> {
  const failures: string[] = [];
  for (const c of list) {
    const r = await probe(c.path);
    if (r.ok) return { chosen: { ...c, version: r.version }, failures };
    failures.push(`${c.path} (${c.origin}): ${r.error}`);
  }
  return { failures };
}
