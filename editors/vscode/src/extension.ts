// The amlint extension: starts `amlint server --stdio` (the bundled binary, or `amlint.path`)
// through vscode-languageclient, and adds fix-all on save, three commands and a status item.
import * as os from "node:os";
import * as vscode from "vscode";
import {
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
} from "vscode-languageclient/node";

import { type Candidate, candidates, firstWorking, makeBundledExecutable, serverArgs } from "./binary";

/** The languages amlint reads, as VS Code names them (notebooks come through the notebook sync). */
export const LANGUAGES = ["yaml", "shellscript", "powershell", "markdown", "python", "json"];
const SELECTOR: { scheme: string; language: string }[] = LANGUAGES.map((language) => ({ scheme: "file", language }));
const FIX_ALL = vscode.CodeActionKind.SourceFixAll.append("amlint");

let client: LanguageClient | undefined;
let running: (Candidate & { version: string }) | undefined;
let output: vscode.LogOutputChannel;
let status: vscode.StatusBarItem;
/** Start and stop one at a time: a restart while starting waits for it. */
let queue: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("amlint", { log: true });
  status = vscode.window.createStatusBarItem("amlint.status", vscode.StatusBarAlignment.Right, 100);
  status.name = "amlint";
  status.command = "amlint.showLogs";
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand("amlint.restart", () => serially(() => restart(context))),
    vscode.commands.registerCommand("amlint.showLogs", () => output.show()),
    vscode.commands.registerCommand("amlint.fixAllProblems", fixAllProblems),
    vscode.workspace.onDidChangeConfiguration((e) => {
      const keys = ["amlint.enable", "amlint.path", "amlint.args", "amlint.trace.server"];
      if (keys.some((k) => e.affectsConfiguration(k))) void serially(() => restart(context));
    }),
    vscode.workspace.onWillSaveTextDocument(fixAllOnSave),
    { dispose: () => void stop() },
  );
  return serially(() => start(context));
}

export function deactivate(): Promise<void> | undefined {
  return stop();
}

function serially(task: () => Promise<void>): Promise<void> {
  queue = queue.then(task, task);
  return queue;
}

function show(text: string, tooltip: string, error = false): void {
  status.text = text;
  status.tooltip = `${tooltip}\n\nClick to show the logs.`;
  status.backgroundColor = error ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  status.show();
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("amlint");
  if (!config.get<boolean>("enable", true)) {
    show("$(circle-slash) amlint", "amlint is disabled (amlint.enable).");
    output.info("amlint.enable is false: the server is not started");
    return;
  }
  show("$(sync~spin) amlint", "Starting the amlint server…");
  makeBundledExecutable(context.extensionPath, process.platform);
  const list = candidates({
    extensionPath: context.extensionPath,
    setting: config.get<string>("path", ""),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    env: process.env,
    platform: process.platform,
    home: os.homedir(),
  });
  const { chosen, failures } = await firstWorking(list);
  for (const f of failures) output.warn(`cannot run ${f}`);
  if (!chosen) {
    const why =
      "No amlint executable found: this package bundles none for this platform, and neither amlint.path nor `amlint` on PATH (or in ~/.local/bin, ~/.cargo/bin) runs. Install amlint (`pipx install amlint-azureml`) or set amlint.path.";
    output.error(why);
    show("$(error) amlint", why, true);
    void vscode.window.showErrorMessage(why, "Open settings").then((pick) => {
      if (pick) void vscode.commands.executeCommand("workbench.action.openSettings", "amlint.path");
    });
    return;
  }
  const args = serverArgs(config.get<unknown[]>("args", []));
  const env = { ...process.env };
  // Verbose tracing also has the server log each check it runs (window/logMessage).
  if (config.get<string>("trace.server") === "verbose") env.AMLINT_LSP_TRACE = "1";
  output.info(`starting ${chosen.path} ${args.join(" ")} (${chosen.version}, ${chosen.origin})`);
  const serverOptions: ServerOptions = { command: chosen.path, args, options: { env } };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SELECTOR,
    outputChannel: output,
    traceOutputChannel: traceChannel(output, config.get<string>("trace.server", "off")),
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  const c = new LanguageClient("amlint", "amlint", serverOptions, clientOptions);
  c.onDidChangeState((e) => {
    if (c !== client) return;
    if (e.newState === State.Running) {
      show("$(check) amlint", `${chosen.version} (${chosen.origin}: ${chosen.path})`);
    } else if (e.newState === State.Stopped) {
      show("$(error) amlint", `The amlint server stopped (${chosen.path}). Run "amlint: Restart server".`, true);
    }
  });
  client = c;
  running = chosen;
  try {
    await c.start();
  } catch (e) {
    const why = `The amlint server did not start: ${e instanceof Error ? e.message : String(e)}`;
    output.error(why);
    show("$(error) amlint", why, true);
  }
}

/**
 * The channel vscode-languageclient traces to. It traces only into a channel whose log level is
 * Trace (set with "Developer: Set Log Level"), and reads `amlint.trace.server` for how much; this
 * one is at Trace exactly when `amlint.trace.server` is not "off", and writes into the amlint
 * log at its own level, so the setting alone turns tracing on, as it says.
 */
function traceChannel(target: vscode.LogOutputChannel, setting: string): vscode.LogOutputChannel {
  const level = setting === "off" ? vscode.LogLevel.Info : vscode.LogLevel.Trace;
  const write = (message: string) => target.info(message);
  return {
    name: target.name,
    logLevel: level,
    onDidChangeLogLevel: new vscode.EventEmitter<vscode.LogLevel>().event,
    trace: write,
    debug: write,
    info: write,
    warn: (message: string) => target.warn(message),
    error: (error: string | Error) => target.error(error),
    append: (value: string) => target.append(value),
    appendLine: (value: string) => target.appendLine(value),
    replace: (value: string) => target.replace(value),
    clear: () => target.clear(),
    show: (...args: unknown[]) => target.show(...(args as [boolean?])),
    hide: () => target.hide(),
    dispose: () => undefined,
  } as vscode.LogOutputChannel;
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  running = undefined;
  if (!c) return;
  try {
    if (c.needsStop()) await c.stop(2000);
  } catch (e) {
    output.warn(`stopping the server: ${e instanceof Error ? e.message : String(e)}`);
  }
  await c.dispose().catch(() => undefined);
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  output.info("restarting the server");
  await start(context);
}

/** The edits of the server's `source.fixAll.amlint` action for a document (none when it has no fix). */
async function fixAllEdits(document: vscode.TextDocument): Promise<vscode.TextEdit[]> {
  if (client?.state !== State.Running || vscode.languages.match(SELECTOR, document) === 0) return [];
  const range = new vscode.Range(0, 0, document.lineCount, 0);
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      "vscode.executeCodeActionProvider",
      document.uri,
      range,
      FIX_ALL.value,
    )) ?? [];
  const edits: vscode.TextEdit[] = [];
  for (const action of actions) {
    if (!action.kind || !FIX_ALL.contains(action.kind) || !action.edit) continue;
    edits.push(...action.edit.get(document.uri));
    break; // one fix-all: its edits already hold every safe fix
  }
  return edits;
}

function fixAllOnSave(event: vscode.TextDocumentWillSaveEvent): void {
  // Not while auto-save writes in the middle of typing.
  if (event.reason === vscode.TextDocumentSaveReason.AfterDelay) return;
  if (!vscode.workspace.getConfiguration("amlint", event.document).get<boolean>("fixAll", false)) return;
  if (client?.state !== State.Running || vscode.languages.match(SELECTOR, event.document) === 0) return;
  event.waitUntil(
    fixAllEdits(event.document).catch((e) => {
      output.warn(`fix-all on save: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }),
  );
}

async function fixAllProblems(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const edits = await fixAllEdits(editor.document);
  if (edits.length === 0) {
    void vscode.window.showInformationMessage("amlint: no safe fix to apply in this file.");
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.set(editor.document.uri, edits);
  await vscode.workspace.applyEdit(edit);
}

/** For the end-to-end test and the curious: which executable runs. */
export function runningExecutable(): (Candidate & { version: string }) | undefined {
  return running;
}
