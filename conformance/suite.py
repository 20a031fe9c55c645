"""Judge amlint against the real azure-ai-ml, run offline, on every fixture.

    python conformance/suite.py [--amlint BIN] [--verbose] [FIXTURE ...]

For each invocation of each fixture (an inputs file, an SDK call, a command line), the SDK's
verdict — it *raises*, it *changes* what is sent, it sends it *as written* — is compared with
amlint's JSON report of the fixture and with the class each rule declares (`amlint rules
--format json`). The suite fails
on

* an amlint **error** of an `sdk-raises`/`sdk-changes` rule on an invocation the SDK sends as
  written (a false error: the rule says the SDK does something it does not);
* an invocation the SDK rejects or changes on which amlint reports no `sdk-*` finding (a miss).

A rule whose errors land on invocations the SDK treats differently from its class (an
`sdk-raises` rule where the SDK only changes the body) is listed as *class differs*: that is a
question for the rule's docs, not a false error.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import offline  # noqa: E402  (blocks every socket on import)
import units as rebuild  # noqa: E402

SDK_CLASSES = {"sdk-raises", "sdk-changes"}
CLASSES = SDK_CLASSES | {"service-side", "cli-side", "policy"}
EXTENSIONS = (".yml", ".yaml", ".py", ".sh", ".md")


@dataclass
class Finding:
    rule: str
    severity: str
    file: str
    line: int


@dataclass
class Judged:
    unit: rebuild.Unit
    findings: list[Finding]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Classes:
    """The class of each rule, and the rules each one stands for (each rule's `basis()`)."""

    of: dict[str, str]
    covers: dict[str, list[str]]

    def get(self, rule: str, default: str | None = None) -> str | None:
        return self.of.get(rule, default)

    def __getitem__(self, rule: str) -> str:
        return self.of[rule]

    def __contains__(self, rule: str) -> bool:
        return rule in self.of

    def judged_as(self, rule: str) -> set[str]:
        """The classes a finding of `rule` counts as: its own and those of the rules it covers."""
        return {self.of[r] for r in [rule, *self.covers.get(rule, [])] if r in self.of}


def load_classes(amlint: list[str]) -> Classes:
    """Each rule's class and the rules it covers, as the rules declare them in their own files
    (`amlint rules --format json`)."""
    done = subprocess.run([*amlint, "rules", "--format", "json"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"`amlint rules --format json` failed: {done.stderr.strip()}")
    classes: dict[str, str] = {}
    covers: dict[str, list[str]] = {}
    for rule in json.loads(done.stdout):
        kind = rule["class"]
        if kind not in CLASSES:
            raise SystemExit(f"`{rule['id']}` has class {kind!r}; one of {sorted(CLASSES)}")
        if kind in {"service-side", "cli-side", "policy"} and not rule.get("source"):
            raise SystemExit(f"`{rule['id']}` is {kind} and needs its `source`")
        classes[rule["id"]] = kind
        covers[rule["id"]] = list(rule.get("covers", []))
    return Classes(classes, covers)


def fixture_files(root: str) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name.startswith(("bad-", "good-")) and name.endswith(EXTENSIONS):
                found.append(os.path.join(folder, name))
    return found


def fixture_args(path: str) -> list[str]:
    args: list[str] = []
    with open(path, encoding="utf-8-sig") as handle:
        for line in handle:
            line = line.strip()
            if line.startswith("# args:"):
                args.extend(line[len("# args:") :].split())
    return args


def same_words(text: str) -> str:
    """A message as compared: without white space, `'` read as `"` (marshmallow's errors are
    quoted as a Python dict in reports and printed as indented JSON by azure-ai-ml)."""
    return "".join(text.split()).replace("'", '"')


def fixture_sdk_raises(path: str) -> list[str]:
    """The `# sdk-raises: TEXT` headers of a fixture: what the SDK's exception must say (the
    rule's documentation quotes it; `tests/sdk_messages.rs` checks that)."""
    texts: list[str] = []
    with open(path, encoding="utf-8-sig") as handle:
        for line in handle:
            line = line.strip()
            if line.startswith("# sdk-raises:"):
                texts.append(line[len("# sdk-raises:") :].strip())
    return texts


def amlint_report(amlint: list[str], path: str) -> list[Finding]:
    relative = os.path.relpath(path, ROOT)
    command = [*amlint, "check", "--format", "json", *fixture_args(path), relative]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()}")
    report = json.loads(done.stdout)
    return [
        Finding(d["rule"], d["severity"], os.path.normpath(os.path.join(ROOT, d["file"])), d["range"]["start"]["line"])
        for d in report["diagnostics"]
    ]


def units_of(path: str) -> list[rebuild.Unit]:
    if path.endswith((".yml", ".yaml")):
        unit = rebuild.inputs_file_unit(path) or rebuild.batch_file_unit(path)
        return [unit] if unit else []
    if path.endswith(".py"):
        script = rebuild.scoring_script_unit(path)
        try:
            definitions = rebuild.definition_units(path)
        except SyntaxError:
            # A scoring script that does not parse (`scoring-script-syntax`) defines nothing.
            definitions = []
        return (
            rebuild.python_units(path)
            + definitions
            + rebuild.loader_units(path)
            + ([script] if script else [])
        )
    if path.endswith(".md"):
        return rebuild.markdown_units(path)
    return rebuild.shell_units(path)


def assign(units: list[rebuild.Unit], findings: list[Finding]) -> list[list[Finding]]:
    """The findings of each unit: those on its lines (or in the file it follows); a finding
    before a call (a variable the call uses) belongs to the next call."""
    assigned: list[list[Finding]] = [[] for _ in units]
    for finding in findings:
        for index, unit in enumerate(units):
            if finding.file in unit.followed:
                assigned[index].append(finding)
        own = [i for i, u in enumerate(units) if os.path.normpath(u.path) == finding.file]
        if not own:
            continue
        containing = [i for i in own if units[i].first_line <= finding.line <= units[i].last_line]
        following = [i for i in own if units[i].first_line > finding.line]
        target = containing[:1] or following[:1] or own[-1:]
        assigned[target[0]].append(finding)
    return assigned


def judge(unit: rebuild.Unit, findings: list[Finding], classes: Classes) -> Judged:
    judged = Judged(unit, findings)
    verdict = unit.verdict
    if verdict == "not rebuilt":
        return judged
    sdk_findings = [f for f in findings if classes.judged_as(f.rule) & SDK_CLASSES]
    for finding in findings:
        if finding.rule not in classes:
            judged.problems.append(f"`{finding.rule}` is not a rule of the registry")
    if verdict == "as written":
        for finding in sdk_findings:
            if finding.severity == "error" and classes.get(finding.rule) in SDK_CLASSES:
                judged.problems.append(
                    f"false error: `{finding.rule}` (line {finding.line}) is {classes[finding.rule]}, "
                    "but the SDK sends this invocation as written"
                )
        return judged
    if not sdk_findings:
        what = unit.outcome.raised if verdict == "raises" else "; ".join(unit.changes)  # type: ignore[union-attr]
        judged.problems.append(f"missed: the SDK {verdict} ({what}) and amlint reports no sdk-* finding")
        return judged
    wanted = "sdk-raises" if verdict == "raises" else "sdk-changes"
    if not any(wanted in classes.judged_as(f.rule) for f in sdk_findings):
        rules = ", ".join(sorted({f.rule for f in sdk_findings}))
        judged.notes.append(f"class differs: the SDK {verdict}; amlint reports {rules}")
    return judged


def run(amlint: list[str], paths: Iterable[str], verbose: bool) -> int:
    classes = load_classes(amlint)
    results: list[Judged] = []
    for path in paths:
        path = os.path.normpath(os.path.abspath(path))
        units = units_of(path)
        if not units:
            if fixture_sdk_raises(path):
                # A fixture that says what the SDK raises must be run by it.
                unit = rebuild.Unit(path=path, first_line=1, last_line=1, skipped="no unit")
                judged = Judged(unit, [])
                judged.problems.append("`# sdk-raises:` on a fixture the suite does not run")
                results.append(judged)
            continue
        findings = amlint_report(amlint, path)
        for unit, own in zip(units, assign(units, findings)):
            results.append(judge(unit, own, classes))
        messages = [u.outcome.message for u in units if u.outcome is not None and u.outcome.raised]
        for text in fixture_sdk_raises(path):
            if not any(same_words(text) in same_words(message) for message in messages):
                results[-1].problems.append(
                    f"the SDK was to raise {text!r} (`# sdk-raises:`); it raised {messages or 'nothing'}"
                )
    return report(results, classes, verbose)


def report(results: list[Judged], classes: Classes, verbose: bool) -> int:
    verdicts = Counter(r.unit.verdict for r in results)
    agreements: Counter[str] = Counter()
    for result in results:
        if result.problems or result.unit.verdict == "not rebuilt":
            continue
        agreements[result.unit.verdict] += 1
    by_rule: dict[str, Counter[str]] = defaultdict(Counter)
    for result in results:
        for finding in result.findings:
            by_rule[finding.rule][result.unit.verdict] += 1
    fixtures = len({r.unit.path for r in results})
    print(f"azure-ai-ml {offline.SDK_VERSION}: {len(results)} invocations and batch files in {fixtures} fixtures")
    for verdict in ("raises", "changes", "as written", "not rebuilt"):
        agreed = f", amlint agrees on {agreements[verdict]}" if verdict != "not rebuilt" else ""
        print(f"  {verdict:<12} {verdicts[verdict]:>4}{agreed}")
    if verbose:
        for result in results:
            unit = result.unit
            where = f"{os.path.relpath(unit.path, ROOT)}:{unit.first_line}"
            detail = unit.skipped or (unit.outcome.raised if unit.outcome and unit.outcome.raised else "; ".join(unit.changes))
            rules = ",".join(sorted({f.rule for f in result.findings})) or "-"
            print(f"  {unit.verdict:<12} {where:<70} amlint: {rules}  {detail}")
        print("  rule                                  class         raises changes written")
        for rule in sorted(by_rule):
            counts = by_rule[rule]
            print(
                f"  {rule:<37} {classes.get(rule, '?'):<13} {counts['raises']:>6} {counts['changes']:>7} {counts['as written']:>7}"
            )
    failures = 0
    for result in results:
        where = f"{os.path.relpath(result.unit.path, ROOT)}:{result.unit.first_line}"
        for note in result.notes:
            print(f"note: {where}: {note}")
        for problem in result.problems:
            failures += 1
            print(f"FAIL: {where}: {problem}")
    print(f"{failures} failure(s)")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--amlint", default=os.environ.get("AMLINT", os.path.join(ROOT, "target", "debug", "amlint")),
                        help="the amlint binary (or a command, split on spaces)")
    parser.add_argument("--verbose", action="store_true", help="one line per invocation, and the per-rule table")
    parser.add_argument("fixtures", nargs="*", help="fixture files (default: every fixture under fixtures/)")
    options = parser.parse_args(argv)
    paths = options.fixtures or fixture_files(os.path.join(ROOT, "fixtures"))
    return run(options.amlint.split(), paths, options.verbose)


if __name__ == "__main__":
    sys.exit(main())
