"""The REST contract (rest_contract.py) against amlint: every REST body among the fixtures that
breaks the contract gets amlint's rule for what it breaks, and a file of bodies that keep it gets
no REST error. An output typed the ARM way (`uri_folder`) breaks the enum, and amlint warns
(the service echoes that spelling in its own answers: RULES §8)."""

import glob
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from rest_contract import RULE_OF, violations  # noqa: E402

REST_RULES = set(RULE_OF.values())


def bodies(path: str) -> list:
    """The batch job bodies a JSON fixture holds: the document, or each item of a list."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    items = data if isinstance(data, list) else [data]
    # `$comment` holds a fixture's expectations, not part of the body.
    items = [{k: v for k, v in b.items() if k != "$comment"} for b in items if isinstance(b, dict)]
    job_keys = ("inputdata", "outputdata", "dataset", "outputdataset")

    def is_body(b: dict) -> bool:
        props = next((v for k, v in b.items() if k.lower() == "properties"), None)
        in_props = isinstance(props, dict) and any(k.lower() in job_keys for k in props)
        return in_props or any(k.lower() in job_keys for k in b)

    return [b for b in items if is_body(b)]


def amlint(path: str) -> list[dict]:
    binary = os.environ.get("AMLINT", os.path.join(ROOT, "target", "debug", "amlint"))
    done = subprocess.run([binary, "check", "--format", "json", os.path.relpath(path, ROOT)],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    return json.loads(done.stdout)["diagnostics"]


class TheContract(unittest.TestCase):
    def test_the_documented_body_keeps_it(self) -> None:
        body = {"properties": {"InputData": {
            "heart": {"JobInputType": "UriFolder", "Uri": "azureml://datastores/d/paths/p/"},
            "mode": {"JobInputType": "Literal", "Value": "append"}},
            "OutputData": {"score": {"JobOutputType": "UriFile"}}}}
        self.assertEqual(violations(body), [])

    def test_each_kind_of_break(self) -> None:
        def kinds(entry: dict, direction: str = "inputData") -> set:
            return {k for k, _ in violations({"properties": {direction: {"x": entry}}})}
        self.assertEqual(kinds({"uri": "u"}), {"input-type"})
        self.assertEqual(kinds({"jobInputType": "uri_folder", "uri": "u"}), {"input-type"})
        self.assertEqual(kinds({"jobInputType": "urifolder"}), {"missing-uri"})
        self.assertEqual(kinds({"jobInputType": "Literal"}), {"literal-value"})
        self.assertEqual(kinds({"jobInputType": "Literal", "value": "1", "uri": "u"}), {"literal-value"})
        self.assertEqual(kinds({"jobOutputType": "Literal"}, "outputData"), {"input-type"})
        self.assertEqual(kinds({"jobOutputType": "UriFile", "path": "p"}, "outputData"), {"shape"})
        self.assertEqual({k for k, _ in violations({"inputData": {}})}, {"shape"})


class AmlintAgrees(unittest.TestCase):
    def test_every_rest_fixture(self) -> None:
        checked = 0
        for path in sorted(glob.glob(os.path.join(ROOT, "fixtures", "**", "*.json"), recursive=True)):
            found = bodies(path)
            if not found:
                continue
            checked += 1
            broken = {RULE_OF[kind] for body in found for kind, _ in violations(body)}
            diagnostics = amlint(path)
            reported = {d["rule"] for d in diagnostics if d["rule"] in REST_RULES}
            # A field under another name (`type` for `JobInputType`, `path` for `Uri`) is
            # rest-body-shape's, which then stands for the missing field (one mistake, one finding).
            if "rest-body-shape" in reported:
                reported |= {"rest-unknown-input-type", "rest-missing-uri", "rest-literal-value"}
            errors = {d["rule"] for d in diagnostics if d["rule"] in REST_RULES and d["severity"] == "error"}
            name = os.path.relpath(path, ROOT)
            self.assertLessEqual(broken, reported, f"{name}: the contract is broken, amlint is silent")
            if not broken:
                self.assertEqual(errors, set(), f"{name}: keeps the contract, amlint reports an error")
        self.assertGreater(checked, 5)


if __name__ == "__main__":
    unittest.main()
