#!/usr/bin/env python3
"""The language server as an editor drives it: latency of diagnostics and of a hover.

Builds a repository of FILES files (batch YAML, scripts, inputs files) with one 2,000-line inputs
file open in the "editor", then over stdio:
  - single edits, one at a time: didChange -> publishDiagnostics (median of ROUNDS);
  - a burst of BURST didChange notifications with no pause, then a hover: how long the hover
    takes to come back, and how many publishDiagnostics the burst cost.
Usage: python3 bench/lsp.py [--amlint target/release/amlint] [--files 2000] [--burst 20]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


class Client:
    def __init__(self, command, cwd):
        self.process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 0

    def send(self, message):
        self.process.stdin.write(frame(message))
        self.process.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def read(self):
        length = None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise EOFError
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        return json.loads(self.process.stdout.read(length))

    def until(self, predicate):
        seen = []
        while True:
            message = self.read()
            seen.append(message)
            if predicate(message):
                return message, seen


def inputs_text(lines):
    out = ["inputs:"]
    i = 0
    while len(out) < lines:
        out += [f"  data_{i}:", "    type: uri_folder", f"    path: azureml:data-{i}@latest"]
        i += 1
    return "\n".join(out[:lines]) + "\n"


def build_repository(root, files):
    os.makedirs(os.path.join(root, ".git"))
    for i in range(files):
        folder = os.path.join(root, f"pkg{i % 50}", f"sub{i % 7}")
        os.makedirs(folder, exist_ok=True)
        kind = i % 4
        if kind == 0:
            text = "endpoint_name: e\nname: d%d\ntype: model\nmodel: azureml:m@latest\n" % i
        elif kind == 1:
            text = "#!/bin/sh\naz ml batch-endpoint invoke -n e --input azureml:x@latest\n"
        elif kind == 2:
            text = "inputs:\n  x:\n    type: uri_folder\n    path: azureml:x@latest\n"
        else:
            text = "name: not-amlint\nsteps: []\n"
        ext = ["yml", "sh", "yml", "yml"][kind]
        with open(os.path.join(folder, f"f{i}.{ext}"), "w") as f:
            f.write(text)
    editing = os.path.join(root, "jobs")
    os.makedirs(editing)
    return os.path.join(editing, "inputs.yml")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--amlint", default="target/release/amlint")
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--lines", type=int, default=2000)
    ap.add_argument("--burst", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()
    amlint = os.path.abspath(args.amlint)
    with tempfile.TemporaryDirectory() as root:
        path = build_repository(root, args.files)
        text = inputs_text(args.lines)
        with open(path, "w") as f:
            f.write(text)
        uri = "file://" + path
        client = Client([amlint, "server"], root)
        client.request("initialize", {"processId": None, "rootUri": "file://" + root, "capabilities": {}})
        client.until(lambda m: m.get("id") == 1)
        client.notify("initialized", {})
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
        client.until(lambda m: m.get("method") == "textDocument/publishDiagnostics")
        version = 1
        single = []
        for r in range(args.rounds):
            version += 1
            edited = text.replace("data_0:", f"data_0{r}:", 1)
            started = time.perf_counter()
            client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": edited}]})
            client.until(lambda m: m.get("method") == "textDocument/publishDiagnostics")
            single.append(time.perf_counter() - started)
            time.sleep(0.05)
        burst_started = time.perf_counter()
        for b in range(args.burst):
            version += 1
            edited = text.replace("data_1:", f"data_1{b}:", 1)
            client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": edited}]})
        hover_sent = time.perf_counter()
        hover_id = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 3, "character": 12}})
        _, seen = client.until(lambda m: m.get("id") == hover_id)
        hover = time.perf_counter() - hover_sent
        publishes = sum(1 for m in seen if m.get("method") == "textDocument/publishDiagnostics")
        # Read what is still coming (the burst's diagnostics) up to the shutdown's answer, so
        # the server never blocks on a full pipe.
        shutdown_id = client.request("shutdown", None)
        client.until(lambda m: m.get("id") == shutdown_id)
        client.notify("exit", None)
        client.process.wait(timeout=10)
    print(json.dumps({
        "files": args.files, "lines": args.lines,
        "change_to_diagnostics_ms_median": round(statistics.median(single) * 1000, 1),
        "change_to_diagnostics_ms_max": round(max(single) * 1000, 1),
        "burst": args.burst,
        "hover_after_burst_ms": round(hover * 1000, 1),
        "burst_total_ms": round((time.perf_counter() - burst_started) * 1000, 1),
        "publishes_before_hover_answer": publishes,
    }))


if __name__ == "__main__":
    sys.exit(main())
