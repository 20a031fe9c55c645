"""What an invocation says, as written, and how the body the SDK sent differs from it.

This is the suite's oracle for *sends something other than written*. It knows nothing of
amlint: it compares each entry the user wrote (a YAML mapping, `Input(...)` keywords, `--set`
items) with the wire entry the real SDK put in the request body.

An entry is sent as written when its type is the one written, its value (a literal's default, a
data input's path) reaches the body with the meaning a reader of the file gives it, and every
field that carries intent (`mode`, `datastore`, an output's `name`/`version`, a default's bounds)
is honoured. Fields that change nothing in the job (`description`, `optional`) are not counted.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from offline import LATEST_VERSION

LITERAL_TYPES = {"string", "integer", "number", "boolean"}
WIRE_TYPE = {
    "uri_file": "UriFile",
    "uri_folder": "UriFolder",
    "mltable": "MLTable",
    "mlflow_model": "MLFlowModel",
    "custom_model": "CustomModel",
    "triton_model": "TritonModel",
}
MODEL_TYPES = {"mlflow_model", "custom_model", "triton_model"}
# Fields whose loss changes nothing in the job.
COSMETIC = {"description", "optional", "enum", "is_control"}
TRUTHY = {"true", "yes", "on", "y"}
FALSY = {"false", "no", "off", "n"}
SHORT_DATASTORE_URI = re.compile(r"^azureml://datastores/[^/]+/paths/.+")
LONG_DATASTORE_URI = re.compile(
    r"^azureml://subscriptions/[^/]+/resource[gG]roups/[^/]+/workspaces/[^/]+/datastores/[^/]+/paths/.+"
)
ASSET_REF = re.compile(r"^(?:azureml:)?(?P<name>[^:@/][^:@]*)(?::(?P<version>[^:@]+)|@(?P<label>[^:@]+))$")


@dataclass
class Written:
    """One field as written: its source text when it was a YAML scalar, and its value as loaded."""

    value: Any
    text: Optional[str] = None
    quoted: bool = False


@dataclass
class Entry:
    name: str
    fields: Optional[dict[str, Written]]  # None: not a mapping (a bare value)
    raw: Any = None
    written_twice: list[str] = field(default_factory=list)  # fields of which only the last counts


@dataclass
class Judgement:
    changes: list[str] = field(default_factory=list)

    def note(self, what: str) -> None:
        self.changes.append(what)


def _human_integer(text: str) -> Optional[float]:
    """`10` is ten (not the YAML 1.1 octal of `010`), `1_000` a thousand, `1e3` and `5.0` whole
    numbers; `5.7` is meant as 5.7, which no integer input can hold."""
    cleaned = text.strip().replace("_", "")
    try:
        return int(cleaned, 10)
    except ValueError:
        pass
    try:
        return int(cleaned, 0)
    except ValueError:
        pass
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return int(number) if number.is_integer() else number


def _human_number(text: str) -> Optional[float]:
    try:
        return float(text.strip().replace("_", ""))
    except ValueError:
        return None


def _meant_literal(kind: str, written: Written) -> Any:
    """The value a reader of the invocation means by a literal's default."""
    if written.text is None or written.quoted:
        # A Python value, or a quoted YAML string: its own value.
        value = written.value if written.text is None else written.text
        if kind == "string":
            return value if isinstance(value, str) else str(value)
        if isinstance(value, str):
            text = value
        else:
            return value
    else:
        text = written.text
        if kind == "string":
            return text
    if kind == "integer":
        return _human_integer(text)
    if kind == "number":
        return _human_number(text)
    if kind == "boolean":
        if text.strip().lower() in TRUTHY:
            return True
        if text.strip().lower() in FALSY:
            return False
    return None


def _same_literal(kind: str, meant: Any, sent: Any) -> bool:
    if meant is None:
        return False
    if kind == "string":
        return isinstance(sent, str) and sent == meant
    if kind == "boolean":
        if isinstance(sent, str):
            return sent.lower() == str(meant).lower()
        return isinstance(sent, bool) and sent == meant
    if isinstance(sent, bool):
        return False
    try:
        number = float(sent)
    except (TypeError, ValueError):
        return False
    if isinstance(meant, float) and math.isnan(meant):
        return math.isnan(number)
    return number == float(meant) and (kind != "integer" or float(meant).is_integer())


def _expected_asset(path: str, kind: str) -> Optional[tuple[str, str, str]]:
    match = ASSET_REF.match(path)
    if not match or "://" in path or path.startswith(("/", ".")):
        return None
    version = match.group("version") or (LATEST_VERSION if match.group("label") == "latest" else None)
    resource = "models" if kind in MODEL_TYPES else "data"
    return resource, match.group("name"), version or ""


def _is_local(path: str) -> bool:
    return not (
        path.startswith(("http://", "https://", "azureml:", "/subscriptions/"))
        or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", path)
        or ((":" in path or "@" in path) and not os.path.exists(path))
    )


def _names_data(text: str) -> bool:
    text = text.strip()
    return text.startswith(("azureml:", "./", "../", "/", "~/")) or "://" in text


def judge_input(entry: Entry, wire: Any, base: str) -> Judgement:
    judgement = Judgement()
    if entry.fields is None:
        if not (isinstance(wire, dict) and "jobInputType" in wire):
            judgement.note(f"`{entry.name}` is not a mapping: sent raw, with no input type")
        elif wire.get("jobInputType") == "Literal" and isinstance(entry.raw, str) and _names_data(entry.raw):
            judgement.note(f"`{entry.name}`: the data path `{entry.raw}` is sent as a string literal")
        return judgement
    fields = entry.fields
    if not isinstance(wire, dict):
        judgement.note(f"`{entry.name}` is not in the body")
        return judgement
    kind = fields["type"].value if "type" in fields else None
    if kind is None:
        judgement.note(f"`{entry.name}` has no type: sent as `{wire.get('jobInputType')}`")
        kind = "uri_folder"
    if kind in LITERAL_TYPES:
        _judge_literal(entry.name, kind, fields, wire, judgement)
    else:
        _judge_data_input(entry.name, kind, fields, wire, base, judgement)
    for name in fields:
        if name in {"type", "path", "default", "mode", "min", "max", "datastore"} | COSMETIC:
            continue
        judgement.note(f"`{entry.name}`: field `{name}` is not sent")
    return judgement


def _judge_literal(name: str, kind: str, fields: dict[str, Written], wire: dict, judgement: Judgement) -> None:
    if wire.get("jobInputType") != "Literal":
        judgement.note(f"`{name}` is sent as `{wire.get('jobInputType')}`, not a literal")
        return
    default = fields.get("default")
    if default is not None and default.text == "" and not default.quoted:
        default = None  # `default:` with nothing after it: no default, as written
    if default is None:
        if "value" in wire:
            judgement.note(f"`{name}` has no default but a value is sent")
        return
    sent = wire.get("value")
    meant = _meant_literal(kind, default)
    if "value" not in wire or not _same_literal(kind, meant, sent):
        judgement.note(f"`{name}`: `{default.text if default.text is not None else default.value!r}` is sent as {sent!r}")
        return
    for bound, outside in (("min", lambda v, b: v < b), ("max", lambda v, b: v > b)):
        written = fields.get(bound)
        if written is None or kind not in {"integer", "number"}:
            continue
        limit = _human_number(str(written.value))
        if limit is not None and outside(float(meant), limit):
            judgement.note(f"`{name}`: default {meant} is outside its own `{bound}: {written.value}`, never checked")


def _judge_data_input(
    name: str, kind: str, fields: dict[str, Written], wire: dict, base: str, judgement: Judgement
) -> None:
    expected_type = WIRE_TYPE.get(kind)
    if wire.get("jobInputType") != expected_type:
        judgement.note(f"`{name}` of type `{kind}` is sent as `{wire.get('jobInputType')}`")
    mode = fields.get("mode")
    if mode is not None and wire.get("mode") != mode.value:
        judgement.note(f"`{name}`: `mode: {mode.value}` is not sent")
    path_field = fields.get("path")
    if path_field is None or not isinstance(path_field.value, str):
        return
    path = path_field.value
    uri = wire.get("uri")
    local = _is_local(path)
    if "datastore" in fields and local:
        judgement.note(f"`{name}`: `datastore: {fields['datastore'].value}` is not used for the upload")
    if local:
        if not (isinstance(uri, str) and uri.startswith("azureml://datastores/") and "/LocalUpload/" in uri):
            judgement.note(f"`{name}`: the local path `{path}` is not uploaded; sent as {uri!r}")
        elif kind == "uri_folder" and os.path.isfile(os.path.join(base, path)):
            judgement.note(f"`{name}`: the file `{path}` is sent as a folder")
        return
    asset = _expected_asset(path, kind)
    if asset is not None:
        resource, asset_name, version = asset
        tail = f"/{resource}/{asset_name}/versions/{version}"
        if not (isinstance(uri, str) and uri.endswith(tail)):
            judgement.note(f"`{name}`: `{path}` is sent as {uri!r}, not as `…{tail}`")
        return
    if uri != path:
        judgement.note(f"`{name}`: `{path}` is sent as {uri!r}")


def judge_output(entry: Entry, wire: Any) -> Judgement:
    judgement = Judgement()
    if entry.fields is None:
        if not (isinstance(wire, dict) and "jobOutputType" in wire):
            judgement.note(f"output `{entry.name}` is not a mapping: sent raw, with no output type")
        return judgement
    if not isinstance(wire, dict):
        judgement.note(f"output `{entry.name}` is not in the body")
        return judgement
    fields = entry.fields
    kind = fields["type"].value if "type" in fields else None
    if kind is None:
        judgement.note(f"output `{entry.name}` has no type: sent as `{wire.get('jobOutputType')}`")
    elif wire.get("jobOutputType") != WIRE_TYPE.get(kind):
        judgement.note(f"output `{entry.name}` of type `{kind}` is sent as `{wire.get('jobOutputType')}`")
    path = fields.get("path")
    if path is not None and wire.get("uri") != path.value:
        judgement.note(f"output `{entry.name}`: `{path.value}` is sent as {wire.get('uri')!r}")
    mode = fields.get("mode")
    if mode is not None and wire.get("mode") != mode.value:
        judgement.note(f"output `{entry.name}`: `mode: {mode.value}` is not sent")
    for name in fields:
        if name in {"type", "path", "mode"} | COSMETIC:
            continue
        judgement.note(f"output `{entry.name}`: field `{name}` is not sent")
    return judgement


def judge_body(inputs: list[Entry], outputs: list[Entry], body: Any, base: str) -> list[str]:
    """Every difference between the entries as written and the body sent."""
    properties = (body or {}).get("properties", {}) if isinstance(body, dict) else {}
    sent_inputs = properties.get("inputData") or {}
    sent_outputs = properties.get("outputData") or {}
    changes: list[str] = [
        f"`{entry.name}`: `{name}` is written twice: only the last is sent"
        for entry in [*inputs, *outputs]
        for name in entry.written_twice
    ]
    for group, sent, judge in (
        (inputs, sent_inputs, lambda e, w: judge_input(e, w, base)),
        (outputs, sent_outputs, judge_output),
    ):
        seen: set[str] = set()
        for entry in group:
            if entry.name in seen:
                changes.append(f"`{entry.name}` is written twice: only the last is sent")
                continue
            seen.add(entry.name)
        last = {entry.name: entry for entry in group}
        for entry in last.values():
            changes.extend(judge(entry, sent.get(entry.name) if isinstance(sent, dict) else None).changes)
    return changes
