#!/usr/bin/env python3
"""The Python front-end's cost on hostile text grows with its size, not faster.

Generates Python of 64 KB, 640 KB and 6.4 MB in shapes that made the old parsers quadratic or
abort, runs `amlint check --format json` on each (median CPU of a few runs, the report to
/dev/null) and prints a table with the cost per MB; the last column should stay flat. Not a timed
test: CI machines vary, so the figures go to the closing notes and bench/HISTORY.md.

Shapes (each file mentions `batch_endpoints.invoke`, which is what makes the front-end parse it):
  - unbalanced: a call holding bare `a=b` words, never closed (tree-sitter's recovery was
    quadratic on it);
  - staircase: an unterminated string, then lines each indented one deeper, 400 at a time (the
    shape that aborted tree-sitter's scanner);
  - brackets: `([{` opened and never closed (refused by the nesting bound, before parsing);
  - calls: well-formed SDK calls, one after another (the normal case, for scale).

Run from the repository root: python3 bench/python_linear.py [--amlint BINARY] [--runs 3]
"""
import argparse, os, statistics, subprocess, sys, tempfile, time

SIZES = [64_000, 640_000, 6_400_000]
HEAD = "# batch_endpoints.invoke\n"


def fill(unit, size, head=HEAD):
    return head + unit * max(1, (size - len(head)) // len(unit))


def staircase(size):
    block = 'x("a\n' + "".join(" " * (i + 1) + ":\n" for i in range(400))
    return fill(block, size)


SHAPES = {
    "unbalanced": lambda n: fill("a=b ", n, HEAD + "ml_client.batch_endpoints.invoke(\n"),
    "staircase": staircase,
    "brackets": lambda n: fill("([{", n),
    "calls": lambda n: fill('ml_client.batch_endpoints.invoke(endpoint_name="e", inputs={"a": Input(path="x")})\n', n),
}


def cpu_of(binary, path, runs):
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        p = subprocess.Popen([binary, "check", "--format", "json", path], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1, 2):
            sys.exit(f"{path}: exit {code}")
        samples.append((usage.ru_utime + usage.ru_stime, time.perf_counter() - started))
    return statistics.median(s[0] for s in samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--amlint", default="target/release/amlint")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    binary = os.path.abspath(options.amlint)
    print("| shape | size | CPU (s) | CPU per MB (s) |")
    print("|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as scratch:
        os.mkdir(os.path.join(scratch, ".git"))
        for name, make in SHAPES.items():
            for size in SIZES:
                path = os.path.join(scratch, f"{name}-{size}.py")
                with open(path, "w") as f:
                    f.write(make(size))
                real = os.path.getsize(path)
                cpu = cpu_of(binary, path, options.runs)
                print(f"| {name} | {real / 1e6:.2f} MB | {cpu:.3f} | {cpu / (real / 1e6):.3f} |")


if __name__ == "__main__":
    main()
