#!/usr/bin/env python3
"""amlint against the floor and against the tools a user would otherwise run, side by side.

Builds trees of the shared corpus copied 1, 20 and 100 times (no `.git`: as a download or the
acceptance check has it) and measures, with runs of the tools alternating so that the machine's
load falls on all of them alike (median of the runs; CPU = user + system of the process and its
threads; peak memory = its maximum resident set):
  - amlint check --format json on each tree;
  - ripgrep, the floor: `rg -c inputs:` (find a word in every file) and `rg -c ''` (read every
    file), on the same tree with the same ignore rules;
  - yamllint on the same tree (YAML style only: no schema, no domain rule), fewer runs;
  - one inputs file in a repository, as an editor on save: amlint against a Rust hello-world and
    /bin/true (process start is most of it);
  - 10x the lines of one inputs file;
  - a pre-commit run: a 2,000-file repository with 5, 50 and 500 files named, beside ripgrep over
    the same named files;
  - a docs-heavy tree (`--docs 15000`: reference pages in YAML that mention `batch` and `inputs`
    in prose, as the Azure CLI docs do) and synthetic trees of 10k/100k/300k small files
    (`--trees 10000,100000,300000`; peak memory must not grow with the tree), each beside
    `rg -c` of the words amlint's pre-filters look for;
  - real repositories given with `--real PATH` (a clone of Azure/azureml-examples, say: the
    bench downloads nothing), each beside `rg -c` of the same words;
  - system calls (`strace -c -f`) of amlint and `rg -c inputs:` on corpus x20.
Prints Markdown tables and the ratios the performance issue asks for. Needs ripgrep (Debian:
ripgrep), GNU time and strace (Debian), rustc (for the hello-world) and yamllint (PyPI); a missing one is skipped and
said. Run from the repository root: python3 bench/bench.py [--corpus ../shared/corpus]
[--sizes 1,20,100] [--runs 7] [--amlint BINARY] [--profile dist|release]

It measures what users run: the `dist` profile (whole-program LTO, one codegen unit), which the
release workflow builds the wheels and binaries with. Building it takes about four minutes;
`--profile release` measures CI's quicker build instead (about 5% slower on the trees, 10% on
one file).
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time


def run_once(cmd, cwd):
    """Wall seconds, CPU seconds (user + system, threads included) and peak RSS (KiB) of one run
    of `cmd`. It runs under GNU time, which forks from a small process, so the peak it reports
    is the command's own (a fork of this Python process would count Python's); the CPU time is
    what wait4 says of time and the command it waited for, to the microsecond."""
    with tempfile.NamedTemporaryFile("r") as out:
        started = time.perf_counter()
        process = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", out.name] + cmd, cwd=cwd,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        rss = int(out.read().split()[-1])
    return wall, usage.ru_utime + usage.ru_stime, rss


def measure(commands, cwd, runs):
    """Run each of `commands` (name -> argv) `runs` times, alternating; medians per name."""
    samples = {name: [] for name in commands}
    for name, cmd in commands.items():  # warm-up: the file cache, the binaries
        run_once(cmd, cwd)
    for _ in range(runs):
        for name, cmd in commands.items():
            samples[name].append(run_once(cmd, cwd))
    return {
        name: {
            "wall": statistics.median(s[0] for s in got),
            "cpu": statistics.median(s[1] for s in got),
            "rss": max(s[2] for s in got),
            "runs": len(got),
        }
        for name, got in samples.items()
    }


def syscalls(cmd, cwd):
    out = os.path.join(cwd, "strace.txt")
    subprocess.run(["strace", "-c", "-f", "-o", out] + cmd, cwd=cwd,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for line in open(out):
        if line.strip().endswith("total"):
            return int(line.split()[3])
    return None


def copies(corpus, tree, n):
    for i in range(n):
        shutil.copytree(corpus, os.path.join(tree, f"c{i:03d}"))


def inputs_text(lines):
    out = ["inputs:"]
    i = 0
    while len(out) < lines:
        out += [f"  data_{i}:", "    type: uri_folder", f"    path: azureml:data-{i}:1"]
        i += 1
    return "\n".join(out[:lines]) + "\n"


def precommit_repository(root, corpus, files, named=5):
    """A repository of `files` files taken from the corpus, spread over folders; `named` to name."""
    os.makedirs(os.path.join(root, ".git"))
    sources = [os.path.join(d, f) for d, _, fs in os.walk(corpus) for f in sorted(fs)
               if f.endswith((".yml", ".yaml", ".sh", ".md"))]
    made = []
    for i in range(files):
        source = sources[i % len(sources)]
        folder = os.path.join(root, f"team{i % 10}", f"project{i % 40}")
        os.makedirs(folder, exist_ok=True)
        target = os.path.join(folder, f"{i}-{os.path.basename(source)}")
        shutil.copyfile(source, target)
        made.append(os.path.relpath(target, root))
    return made[:: files // named][:named]


# The words amlint's pre-filters look for (src/keywords.rs): ripgrep finding them is the floor
# of "is this file amlint's at all".
KEYWORDS = ["-i", "-e", "inputs", "-e", "outputs", "-e", "deployment_name", "-e", "endpoint invoke",
            "-e", "batch", "-e", "inputdata", "-e", "endpoint_name"]


def docs_tree(root, pages):
    """Reference pages as the Azure CLI docs publish them: YAML whose prose says `batch` and
    `inputs`, none of them amlint's (no inputs file, no deployment, no invoke)."""
    for i in range(pages):
        folder = os.path.join(root, f"area{i % 50}", f"group{i % 7}")
        os.makedirs(folder, exist_ok=True)
        open(os.path.join(folder, f"page{i}.yml"), "w").write(
            "### YamlMime:AzureCLIGroup\n"
            f"uid: az_group_{i}\nname: az group {i}\nsummary: |-\n"
            "  Manage batch jobs and their inputs and outputs for this service.\n"
            "description: |-\n  Commands run in batch; the inputs of each job are listed below.\n"
            + "".join(f"commands:\n- uid: az_group_{i}_cmd{j}\n  name: az group {i} cmd{j}\n"
                      f"  summary: Show the batch {j}.\n" for j in range(12)))


def synthetic_tree(root, files):
    """`files` small files of every kind amlint walks, none with a finding."""
    os.makedirs(os.path.join(root, ".git"))
    kinds = [("yml", "name: web\nreplicas: 2\n"), ("sh", "echo hello\n"), ("md", "# Notes\n\ntext\n"),
             ("py", "print('hello')\n"), ("json", '{"a": 1}\n')]
    for i in range(files):
        folder = os.path.join(root, f"d{i % 100}", f"e{(i // 100) % 100}")
        os.makedirs(folder, exist_ok=True)
        ext, text = kinds[i % len(kinds)]
        open(os.path.join(folder, f"f{i}.{ext}"), "w").write(text)


def fmt_ms(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join("..", "shared", "corpus"))
    ap.add_argument("--sizes", default="1,20,100")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--amlint", help="a binary to measure instead of building this checkout's")
    ap.add_argument("--profile", default="dist", choices=("dist", "release"),
                    help="the cargo profile to build and measure (dist: what the release workflow ships)")
    ap.add_argument("--docs", type=int, default=15000, help="pages of the docs-heavy tree (0: skip)")
    ap.add_argument("--trees", default="10000,100000", help="synthetic tree sizes (e.g. 10000,100000,300000)")
    ap.add_argument("--real", action="append", default=[], metavar="PATH",
                    help="a real repository checked out at PATH (e.g. a clone of Azure/azureml-examples), "
                         "measured beside `rg -c` of the keywords; repeatable")
    args = ap.parse_args()
    if not os.path.exists("/usr/bin/time"):
        sys.exit("GNU time is needed (Debian: time)")
    missing = [t for t in ("rg", "yamllint", "strace", "rustc") if not shutil.which(t)]
    if missing:
        print(f"not installed, skipped: {', '.join(missing)}", file=sys.stderr)
    if args.amlint:
        amlint = os.path.abspath(args.amlint)
    else:
        subprocess.run(["cargo", "build", "--profile", args.profile, "--quiet"], check=True)
        amlint = os.path.abspath(os.path.join("target", args.profile, "amlint"))
    corpus = os.path.abspath(args.corpus)
    tmp = tempfile.mkdtemp(prefix="amlint-bench-")
    rows = []
    ratios = {}
    try:
        for n in [int(s) for s in args.sizes.split(",")]:
            tree = os.path.join(tmp, f"x{n}")
            copies(corpus, tree, n)
            commands = {"amlint check": [amlint, "check", "--format", "json", "."]}
            if shutil.which("rg"):
                commands["rg -c inputs:"] = ["rg", "-c", "inputs:", "."]
                commands["rg -c keywords"] = ["rg", "-c"] + KEYWORDS + ["."]
                commands["rg -c '' (reads every file)"] = ["rg", "-c", "", "."]
            result = measure(commands, tree, args.runs if n <= 20 else max(3, args.runs // 2))
            if shutil.which("yamllint") and n <= 20:
                result.update(measure({"yamllint": ["yamllint", "-f", "parsable", "."]}, tree, 1))
            for name, r in result.items():
                rows.append((f"corpus x{n}", name, r))
            ratios[n] = result
        print("| tree | tool | wall (median) | CPU (median) | peak memory | runs |")
        print("|---|---|---|---|---|---|")
        for tree, name, r in rows:
            print(f"| {tree} | {name} | {fmt_ms(r['wall'])} | {fmt_ms(r['cpu'])} | {r['rss'] / 1024:.0f} MiB | {r['runs']} |")

        # One inputs file, as an editor's save does; and ten times its lines.
        # In a repository (an editor's save is), so discovery stops at its root.
        single = os.path.join(tmp, "single")
        os.makedirs(os.path.join(single, ".git"))
        for name, lines in (("inputs.yml", 500), ("inputs-x10.yml", 5000)):
            open(os.path.join(single, name), "w").write(inputs_text(lines))
        commands = {
            "amlint check inputs.yml (500 lines)": [amlint, "check", "--format", "json", "inputs.yml"],
            "amlint check inputs-x10.yml (5,000 lines)": [amlint, "check", "--format", "json", "inputs-x10.yml"],
            "/bin/true": ["/bin/true"],
        }
        if shutil.which("rustc"):
            hello = os.path.join(tmp, "hello")
            open(hello + ".rs", "w").write('fn main() { println!("hello"); }\n')
            subprocess.run(["rustc", "-O", "-o", hello, hello + ".rs"], check=True)
            commands["Rust hello-world"] = [hello]
        small = measure(commands, single, 30)
        print("\n| one file | wall (median) | CPU (median) | peak memory |")
        print("|---|---|---|---|")
        for name, r in small.items():
            print(f"| {name} | {fmt_ms(r['wall'])} | {fmt_ms(r['cpu'])} | {r['rss'] / 1024:.0f} MiB |")

        # pre-commit: every staged file named, in a repository of 2,000 files; and ripgrep over
        # the same named files.
        repository = os.path.join(tmp, "precommit")
        everything = precommit_repository(repository, corpus, 2000, 2000)
        hook = {}
        for count in (5, 50, 500):
            named = everything[:: len(everything) // count][:count]
            commands = {f"amlint check ({count} named files)":
                        [amlint, "check", "--format", "json", "--force-exclude"] + named}
            if shutil.which("rg"):
                commands[f"rg -c keywords ({count} named files)"] = ["rg", "-c"] + KEYWORDS + named
            hook.update(measure(commands, repository, 9))
        print("\n| pre-commit (2,000-file repository) | wall (median) | CPU (median) | peak memory |")
        print("|---|---|---|---|")
        for name, r in hook.items():
            print(f"| {name} | {fmt_ms(r['wall'])} | {fmt_ms(r['cpu'])} | {r['rss'] / 1024:.0f} MiB |")

        # A docs-heavy tree, and trees of many small files.
        trees = {}
        if args.docs:
            root = os.path.join(tmp, "docs")
            docs_tree(root, args.docs)
            trees[f"docs-heavy ({args.docs} YAML pages)"] = root
        for size in [int(s) for s in args.trees.split(",") if s]:
            root = os.path.join(tmp, f"synthetic{size}")
            synthetic_tree(root, size)
            trees[f"synthetic ({size} files)"] = root
        for path in args.real:
            trees[f"real: {os.path.basename(os.path.abspath(path))}"] = os.path.abspath(path)
        tree_results = {}
        print("\n| tree | tool | wall (median) | CPU (median) | peak memory |")
        print("|---|---|---|---|---|")
        for label, root in trees.items():
            commands = {"amlint check": [amlint, "check", "--format", "json", "."]}
            if shutil.which("rg"):
                commands["rg -c keywords"] = ["rg", "-c"] + KEYWORDS + ["."]
            result = measure(commands, root, 5)
            tree_results[label] = result
            for name, r in result.items():
                print(f"| {label} | {name} | {fmt_ms(r['wall'])} | {fmt_ms(r['cpu'])} | {r['rss'] / 1024:.0f} MiB |")
            if root.startswith(tmp):
                shutil.rmtree(root, ignore_errors=True)

        print()
        sizes = sorted(ratios)
        big = 20 if 20 in ratios else sizes[-1]
        a = ratios[big]["amlint check"]
        if "rg -c inputs:" in ratios[big]:
            # The floor is `rg -c` of the words amlint's pre-filters look for (as on the
            # other trees); `rg -c inputs:` (one word, case-sensitive) is the lower floor.
            print(f"corpus x{big}: amlint CPU is {a['cpu'] / ratios[big]['rg -c keywords']['cpu']:.1f}x `rg -c` of the keywords' (goal <= 2x), "
                  f"{a['cpu'] / ratios[big]['rg -c inputs:']['cpu']:.1f}x `rg -c inputs:`'s")
        if "yamllint" in ratios[big]:
            y = ratios[big]["yamllint"]
            print(f"corpus x{big}: amlint is {y['cpu'] / a['cpu']:.1f}x faster than yamllint in CPU, {y['wall'] / a['wall']:.1f}x in wall time (goal >= 40x)")
        if 1 in ratios and 100 in ratios:
            print(f"peak memory: corpus x100 {ratios[100]['amlint check']['rss'] / 1024:.0f} MiB, x1 {ratios[1]['amlint check']['rss'] / 1024:.0f} MiB ({ratios[100]['amlint check']['rss'] / ratios[1]['amlint check']['rss']:.1f}x; goal <= 2x)")
        if "Rust hello-world" in small:
            one = small["amlint check inputs.yml (500 lines)"]["wall"]
            print(f"one inputs file: {one / small['Rust hello-world']['wall']:.1f}x a Rust hello-world's wall time (goal <= 2x)")
        ten = small["amlint check inputs-x10.yml (5,000 lines)"]["wall"] / small["amlint check inputs.yml (500 lines)"]["wall"]
        print(f"10x the lines of one inputs file: {ten:.1f}x the time (goal <= 12x)")
        for count in (5, 50, 500):
            ours, floor = f"amlint check ({count} named files)", f"rg -c keywords ({count} named files)"
            if floor in hook:
                print(f"pre-commit, {count} named files: amlint CPU is {hook[ours]['cpu'] / hook[floor]['cpu']:.1f}x ripgrep's (goal <= 3x at 500)")
        for label, result in tree_results.items():
            if "rg -c keywords" in result:
                print(f"{label}: amlint CPU is {result['amlint check']['cpu'] / result['rg -c keywords']['cpu']:.1f}x `rg -c` of the keywords' (goal <= 2x)")
        sizes_seen = [(label, r["amlint check"]["rss"]) for label, r in tree_results.items() if label.startswith("synthetic")]
        if len(sizes_seen) >= 2:
            print(f"peak memory: {sizes_seen[-1][0]} {sizes_seen[-1][1] / 1024:.0f} MiB, {sizes_seen[0][0]} {sizes_seen[0][1] / 1024:.0f} MiB ({sizes_seen[-1][1] / sizes_seen[0][1]:.1f}x; goal <= 2x)")
        if shutil.which("strace") and 20 in ratios:
            tree = os.path.join(tmp, "x20")
            ours = syscalls([amlint, "check", "--format", "json", "."], tree)
            floor = syscalls(["rg", "-c", "inputs:", "."], tree) if shutil.which("rg") else None
            print(f"system calls on corpus x20 (strace -c -f): amlint {ours}" + (f", rg -c inputs: {floor}" if floor else ""))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
