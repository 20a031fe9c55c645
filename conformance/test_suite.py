"""The suite's own tests: it catches a wrong amlint, it never reaches the network, and its oracle
tells a value sent as written from one the SDK changed."""

import contextlib
import io
import os
import socket
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import offline  # noqa: E402
import suite  # noqa: E402
from written import Entry, Written, judge_input  # noqa: E402

GOOD = os.path.join(suite.ROOT, "fixtures", "literal-default-invalid", "good-coercions.yml")
REJECTED = os.path.join(suite.ROOT, "fixtures", "literal-default-invalid", "bad-integer-abc.yml")
CHANGED = os.path.join(suite.ROOT, "fixtures", "yaml11-implicit-type", "bad-no-under-string.yml")


def run_suite(*fixtures: str, wrong: str = "") -> tuple[int, str]:
    real = os.environ.get("AMLINT", os.path.join(suite.ROOT, "target", "debug", "amlint"))
    command = real
    if wrong:
        os.environ["REAL_AMLINT"] = real
        os.environ["WRONG_AMLINT"] = wrong
        command = f"{sys.executable} {os.path.join(HERE, 'wrong_amlint.py')}"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = suite.main(["--amlint", command, *fixtures])
    return status, out.getvalue()


class WrongAmlintFails(unittest.TestCase):
    def test_the_real_amlint_passes(self) -> None:
        status, out = run_suite(GOOD, REJECTED, CHANGED)
        self.assertEqual(status, 0, out)
        self.assertIn("0 failure(s)", out)

    def test_an_error_on_what_the_sdk_sends_as_written_fails(self) -> None:
        status, out = run_suite(GOOD, wrong="error:literal-default-invalid")
        self.assertEqual(status, 1, out)
        self.assertIn("false error: `literal-default-invalid`", out)
        self.assertIn("good-coercions.yml", out)

    def test_a_service_side_error_on_the_same_file_passes(self) -> None:
        status, out = run_suite(GOOD, wrong="error:model-deployment-input-count")
        self.assertEqual(status, 0, out)

    def test_a_missed_rejection_fails(self) -> None:
        status, out = run_suite(REJECTED, wrong="silent")
        self.assertEqual(status, 1, out)
        self.assertIn("missed: the SDK raises (UserErrorException: Default value of Input cannot be parsed", out)

    def test_a_missed_change_fails(self) -> None:
        status, out = run_suite(CHANGED, wrong="silent")
        self.assertEqual(status, 1, out)
        self.assertIn("missed: the SDK changes", out)

    def test_an_unclassified_rule_fails(self) -> None:
        status, out = run_suite(GOOD, wrong="error:no-such-rule")
        self.assertEqual(status, 1, out)
        self.assertIn("`no-such-rule` is not a rule of the registry", out)


class ScratchCases(unittest.TestCase):
    """What a repository cannot hold (an empty folder) is made here and judged the same way."""

    def test_an_empty_local_folder_is_refused_by_the_sdk_and_reported(self) -> None:
        with tempfile.TemporaryDirectory() as scratch:
            os.makedirs(os.path.join(scratch, ".git"))
            os.makedirs(os.path.join(scratch, "data", "heart"))
            inputs = os.path.join(scratch, "bad-empty-folder.yml")
            with open(inputs, "w") as handle:
                handle.write("inputs:\n  heart_data:\n    type: uri_folder\n    path: data/heart\n")
            status, out = run_suite(inputs)
            self.assertEqual(status, 0, out)
            self.assertIn("raises          1, amlint agrees on 1", out)
            status, out = run_suite(inputs, wrong="silent")
            self.assertEqual(status, 1, out)
            self.assertIn("EmptyDirectoryError: Directory", out)


class Offline(unittest.TestCase):
    def test_every_socket_is_blocked(self) -> None:
        with self.assertRaises(offline.NetworkBlocked):
            socket.create_connection(("pypi.org", 443), timeout=1)
        with self.assertRaises(offline.NetworkBlocked):
            socket.getaddrinfo("pypi.org", 443)

    def test_the_request_is_captured_from_the_real_pipeline(self) -> None:
        outcome = offline.invoke(
            lambda client: client.batch_endpoints.invoke(
                endpoint_name="e", inputs={"n": offline.Input(type="integer", default=5)}
            ),
            HERE,
        )
        self.assertIsNone(outcome.raised)
        self.assertEqual(outcome.requests, [f"POST {offline.SCORING_URI}"])
        sent = outcome.body["properties"]["inputData"]["n"]
        self.assertEqual(sent["jobInputType"], "Literal")
        # 1.35 sends the value as JSON number; releases before its JSON-direct body sent "5".
        self.assertIn(sent["value"], (5, "5"))


def literal(kind: str, text: str, value: object, quoted: bool = False) -> Entry:
    return Entry("x", {"type": Written(kind), "default": Written(value, text=text, quoted=quoted)})


class Oracle(unittest.TestCase):
    def changes(self, entry: Entry, wire: dict) -> list[str]:
        return judge_input(entry, wire, HERE).changes

    def test_a_string_sent_as_its_text(self) -> None:
        self.assertEqual(self.changes(literal("string", "5", 5), {"jobInputType": "Literal", "value": "5"}), [])

    def test_a_string_whose_text_is_lost(self) -> None:
        self.assertTrue(self.changes(literal("string", "3.10", 3.1), {"jobInputType": "Literal", "value": "3.1"}))
        self.assertTrue(self.changes(literal("string", "true", True), {"jobInputType": "Literal", "value": "True"}))

    def test_numbers_mean_what_they_say(self) -> None:
        self.assertEqual(self.changes(literal("integer", "1_000", 1000), {"jobInputType": "Literal", "value": 1000}), [])
        self.assertTrue(self.changes(literal("integer", "010", 8), {"jobInputType": "Literal", "value": 8}))
        self.assertTrue(self.changes(literal("number", "true", True), {"jobInputType": "Literal", "value": 1.0}))

    def test_a_dropped_mode(self) -> None:
        entry = Entry("d", {"type": Written("uri_folder"), "path": Written("azureml:d@latest"), "mode": Written("download")})
        wire = {"jobInputType": "UriFolder", "uri": "/subscriptions/s/data/d/versions/7"}
        self.assertEqual(self.changes(entry, wire), ["`d`: `mode: download` is not sent"])


if __name__ == "__main__":
    unittest.main()
