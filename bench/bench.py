#!/usr/bin/env python3
"""amlint against the tools a user would otherwise run, side by side in one run.

Builds trees of the shared corpus copied 1, 10 and 100 times and times, with hyperfine (several
runs each; min and median reported):
  - amlint check on each tree;
  - yamllint on the same tree (YAML style only — no schema, no domain rules);
  - check-jsonschema on the model batch deployment YAMLs of the tree, with amlint's own schema
    (the only part of amlint's work it can do);
  - amlint on one inputs file (the editor-on-save case, process start-up included).
Prints a Markdown table and the ratios. Needs hyperfine (Debian), yamllint and check-jsonschema
(PyPI); run from the repository root: python3 bench/bench.py [--corpus ../shared/corpus]
"""
import argparse, json, os, shutil, subprocess, sys, tempfile

def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)

def hyperfine(name, command, runs, cwd, warmup=1):
    out = os.path.join(cwd, "hf.json")
    sh(["hyperfine", "--style", "none", "--ignore-failure", "--warmup", str(warmup), "--runs", str(runs),
        "--export-json", out, "-n", name, command], cwd=cwd)
    r = json.load(open(out))["results"][0]
    return {"name": name, "min": r["min"], "median": r["median"], "runs": len(r["times"])}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join("..", "shared", "corpus"))
    ap.add_argument("--sizes", default="1,10,100")
    args = ap.parse_args()
    for tool in ("hyperfine", "yamllint", "check-jsonschema"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed (hyperfine: apt-get install hyperfine; the others: pip install yamllint check-jsonschema)")
    sh(["cargo", "build", "--release", "--quiet"])
    amlint = os.path.abspath(os.path.join("target", "release", "amlint"))
    tmp = tempfile.mkdtemp(prefix="amlint-bench-")
    schema = os.path.join(tmp, "model-deployment.schema.json")
    open(schema, "w").write(sh([amlint, "schema", "model-deployment"]).stdout)
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        tree = os.path.join(tmp, f"x{n}")
        for i in range(n):
            shutil.copytree(args.corpus, os.path.join(tree, f"c{i:03d}"))
        deployments = [os.path.relpath(os.path.join(d, f), tree) for d, _, fs in os.walk(tree) for f in fs
                       if f.endswith((".yml", ".yaml")) and "modelBatchDeployment" in open(os.path.join(d, f), errors="replace").read()]
        listing = os.path.join(tmp, f"deployments-x{n}.txt")
        open(listing, "w").write("\n".join(deployments))
        slow_runs = 3 if n <= 10 else 1
        rows.append((n, "amlint check", hyperfine(f"amlint x{n}", f"{amlint} check --format json .", 10 if n < 100 else 5, tree)))
        rows.append((n, "yamllint", hyperfine(f"yamllint x{n}", "yamllint -f parsable .", slow_runs, tree, warmup=0)))
        rows.append((n, f"check-jsonschema ({len(deployments)} model deployments)",
                     hyperfine(f"check-jsonschema x{n}", f"xargs -a {listing} check-jsonschema --schemafile {schema}", slow_runs, tree, warmup=0)))
    one = os.path.join("c000", "azureml-examples", "cli", "endpoints", "batch", "deploy-pipelines",
                       "batch-scoring-with-preprocessing", "inputs.yml")
    single = hyperfine("amlint one file", f"{amlint} check --format json {one}", 30, os.path.join(tmp, "x1"))
    print("| tree | tool | min | median | runs | amlint is faster by |")
    print("|---|---|---|---|---|---|")
    base = {n: r["median"] for n, tool, r in rows if tool == "amlint check"}
    for n, tool, r in rows:
        ratio = "" if tool == "amlint check" else f"{r['median'] / base[n]:.0f}x"
        print(f"| corpus x{n} | {tool} | {r['min'] * 1000:.0f} ms | {r['median'] * 1000:.0f} ms | {r['runs']} | {ratio} |")
    print(f"| one inputs file | amlint check | {single['min'] * 1000:.1f} ms | {single['median'] * 1000:.1f} ms | {single['runs']} | |")
    sizes = sorted(base)
    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        print(f"\nGrowth: {hi // lo}x the files cost {base[hi] / base[lo]:.1f}x the time.")
    shutil.rmtree(tmp, ignore_errors=True)

if __name__ == "__main__":
    main()
