"""Rebuild each fixture's invocations as azure-ai-ml calls, and run them offline.

Three kinds of fixture are rebuilt:

* **inputs files** (`inputs:`/`outputs:` YAML): loaded with the SDK's own ``load_yaml`` (PyYAML,
  YAML 1.1), each entry built as ``Input(**entry)`` / ``Output(**entry)``, and passed as
  ``invoke(inputs=…, outputs=…)``. The `az ml` extension's code is not public; this construction
  is inferred: it is the only one that accepts every documented form of the file.
* **SDK calls** (`.py`): the file is executed with ``ml_client`` bound to the offline client, so
  each ``batch_endpoints.invoke(...)`` call it makes is the real one. A call whose arguments need
  something the file does not define (a workspace object, a variable from elsewhere) is not
  rebuilt.
* **command lines** (`.sh`): ``az ml batch-endpoint invoke`` with ``--file``, ``--input`` /
  ``--input-type``, ``--set inputs.N.F=V``/``outputs.N.F=V``, ``--set KEY=VALUE``,
  ``--mini-batch-size``, ``--instance-count``, ``--job-name``, ``--experiment-name`` and
  ``--deployment-name`` become ``invoke(input=…, inputs=…, params_override=[…])`` as the CLI
  reference documents them. A command with a shell variable, an unknown or legacy flag, or
  ``--output-path`` (its parsing is in the closed extension) is not rebuilt: argparse, not the
  SDK, decides those.
"""

from __future__ import annotations

import ast
import builtins
import os
import re
import shlex
import sys
import tempfile
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import yaml

import offline
from offline import Input, Outcome, Output, describe
from written import Entry, Written, judge_body

from azure.ai.ml._utils.utils import load_yaml

READ_KEYWORDS = {"endpoint_name", "deployment_name", "inputs", "input", "outputs", "job_name", "params_override", "experiment_name"}
DEPLOYMENT_MARKERS = {"endpoint_name", "model", "component", "compute", "auth_mode", "code_configuration", "defaults", "job_definition"}


@dataclass
class Unit:
    """One invocation of a fixture, what the SDK did with it, and the lines it covers."""

    path: str
    first_line: int
    last_line: int
    outcome: Optional[Outcome] = None
    changes: list[str] = field(default_factory=list)
    skipped: Optional[str] = None
    followed: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        if self.skipped is not None:
            return "not rebuilt"
        assert self.outcome is not None
        if self.outcome.raised is not None:
            return "raises"
        return "changes" if self.changes else "as written"


# ---------------------------------------------------------------- inputs files


def _written(node: yaml.Node, value: Any) -> Written:
    if isinstance(node, yaml.ScalarNode):
        return Written(value=value, text=node.value, quoted=node.style in ("'", '"', "|", ">"))
    return Written(value=value)


def _entries(group_node: Optional[yaml.Node], loaded: Any) -> list[Entry]:
    """The entries of an `inputs:`/`outputs:` mapping, duplicates kept, each with its source text."""
    if not isinstance(group_node, yaml.MappingNode) or not isinstance(loaded, dict):
        return []
    entries = []
    for key_node, value_node in group_node.value:
        name = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
        value = loaded.get(_constructed_key(key_node), None)
        if isinstance(value_node, yaml.MappingNode) and isinstance(value, dict):
            fields: dict[str, Written] = {}
            twice = []
            for field_key, field_value in value_node.value:
                key = field_key.value if isinstance(field_key, yaml.ScalarNode) else str(field_key)
                if key in fields:
                    twice.append(key)
                fields[key] = _written(field_value, value.get(key))
            entries.append(Entry(name=str(name), fields=fields, written_twice=twice))
        else:
            entries.append(Entry(name=str(name), fields=None, raw=value))
    return entries


def _constructed_key(node: yaml.Node) -> Any:
    return yaml.safe_load(yaml.serialize(node)) if isinstance(node, yaml.ScalarNode) else None


def looks_like_inputs_file(text: str) -> bool:
    top = {m.group(1) for m in re.finditer(r"(?m)^([A-Za-z_$][\w$-]*)\s*:", text)}
    return bool(top & {"inputs", "outputs"}) and not (top & DEPLOYMENT_MARKERS)


def inputs_file_unit(path: str, base: Optional[str] = None) -> Optional[Unit]:
    with open(path, encoding="utf-8-sig") as handle:
        text = handle.read()
    if not looks_like_inputs_file(text):
        return None
    unit = Unit(path=path, first_line=1, last_line=text.count("\n") + 1)
    base = base or os.path.dirname(os.path.abspath(path))
    holder: dict[str, Any] = {}

    def run(client: Any) -> None:
        data = load_yaml(os.path.abspath(path))
        holder["data"] = data
        if not isinstance(data, dict):
            raise TypeError(f"the file holds a {type(data).__name__}, not a mapping")
        inputs = _build(data.get("inputs"), Input)
        outputs = _build(data.get("outputs"), Output)
        # The CLI makes a bare input a typed literal (its invoke logic, as the Ansible collection
        # azure.azcollection ports it: `isinstance(data, str)` → `Input(type="string",
        # default=data)`, then bool, int, float), and reads an output only as a mapping.
        if isinstance(inputs, dict):
            inputs = {name: _bare_literal(entry) for name, entry in inputs.items()}
        if isinstance(outputs, dict):
            for entry in outputs.values():
                if not isinstance(entry, Output):
                    raise AttributeError(f"'{type(entry).__name__}' object has no attribute 'get'")
        kwargs: dict[str, Any] = {}
        if inputs is not None:
            kwargs["inputs"] = inputs
        if outputs is not None:
            kwargs["outputs"] = outputs
        client.batch_endpoints.invoke(endpoint_name="conformance", **kwargs)

    unit.outcome = offline.invoke(run, base)
    if unit.outcome.raised is None:
        data = holder["data"]
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        groups = {k.value: v for k, v in root.value} if isinstance(root, yaml.MappingNode) else {}
        seen: set[str] = set()
        for key_node, _ in root.value if isinstance(root, yaml.MappingNode) else []:
            # `deployment:` and `endpoint:` route the job (read when -d/--name are absent).
            if key_node.value not in {"inputs", "outputs", "deployment", "endpoint", "$schema"}:
                unit.changes.append(f"top-level key `{key_node.value}` is not read")
            elif key_node.value in seen:
                unit.changes.append(f"`{key_node.value}:` is written twice: only the last is read")
            seen.add(key_node.value)
        unit.changes.extend(
            judge_body(
                _entries(groups.get("inputs"), data.get("inputs")),
                _entries(groups.get("outputs"), data.get("outputs")),
                unit.outcome.body,
                base,
            )
        )
    return unit


def _bare_literal(entry: Any) -> Any:
    if isinstance(entry, str):
        return Input(type="string", default=entry)
    if isinstance(entry, bool):
        return Input(type="boolean", default=entry)
    if isinstance(entry, int):
        return Input(type="integer", default=entry)
    if isinstance(entry, float):
        return Input(type="number", default=entry)
    return entry


def _build(group: Any, kind: type) -> Any:
    if group is None:
        return None
    if not isinstance(group, dict):
        return group  # passed as written: the SDK decides what a list or a scalar does
    return {name: kind(**entry) if isinstance(entry, dict) else entry for name, entry in group.items()}


# ---------------------------------------------------------------- deployment and endpoint YAML

BATCH_LOADERS = {
    "model": "load_model_batch_deployment",
    "pipeline": "load_pipeline_component_batch_deployment",
}


def batch_file_unit(path: str) -> Optional[Unit]:
    """A batch deployment or endpoint YAML, loaded the way `az ml batch-deployment create --file`
    and `az ml batch-endpoint create --file` load it: the loader its `type:` picks (inferred, as
    the extension's code is not public), then the deployment's own `_validate()`."""
    with open(path, encoding="utf-8-sig") as handle:
        text = handle.read()
    top = {m.group(1): m.group(2).strip() for m in re.finditer(r"(?m)^([A-Za-z_$][\w$-]*)\s*:(.*)$", text)}
    schema = top.get("$schema", "")
    if "endpoint_name" in top or "BatchDeployment" in schema:
        loader_name = BATCH_LOADERS.get(top.get("type", ""), "load_batch_deployment")
    elif "batchEndpoint" in schema or ("auth_mode" in top and "inputs" not in top):
        loader_name = "load_batch_endpoint"
    else:
        return None
    from azure.ai.ml.entities import _load_functions

    loader = getattr(_load_functions, loader_name)
    unit = Unit(path=path, first_line=1, last_line=text.count("\n") + 1)

    def run(_client: Any) -> None:
        loaded = loader(os.path.abspath(path))
        validate = getattr(loaded, "_validate", None)
        if validate is not None:
            validate()
        validate_script(loaded)

    unit.outcome = offline.invoke(run, os.path.dirname(os.path.abspath(path)))
    return unit


def validate_script(deployment: Any) -> None:
    """What ``batch_deployments.begin_create_or_update`` does first, before any request: the
    SDK's own ``validate_scoring_script`` (open the script at ``code`` + ``scoring_script`` on
    local disk, ``ast.parse`` it), under the same condition — a model deployment whose code is
    not a registered asset (``azureml:…``, a versioned ARM id)."""
    from azure.ai.ml._utils._endpoint_utils import validate_scoring_script
    from azure.ai.ml._utils._arm_id_utils import AMLVersionedArmId
    from azure.ai.ml.constants._common import ARM_ID_PREFIX
    from azure.ai.ml.entities import PipelineComponentBatchDeployment

    config = getattr(deployment, "code_configuration", None)
    if (
        isinstance(deployment, PipelineComponentBatchDeployment)
        or config is None
        or not isinstance(config.code, str)
        or config.code.startswith(ARM_ID_PREFIX)
        or re.match(AMLVersionedArmId.REGEX_PATTERN, config.code)
    ):
        return
    validate_scoring_script(deployment)


def _deployment_loader(text: str) -> str:
    top = {m.group(1): m.group(2).strip() for m in re.finditer(r"(?m)^([A-Za-z_$][\w$-]*)\s*:(.*)$", text)}
    return BATCH_LOADERS.get(top.get("type", ""), "load_batch_deployment")


def scoring_script_unit(path: str) -> Optional[Unit]:
    """A `.py` fixture that a model deployment YAML of its folder names as its scoring script:
    that deployment loaded with its loader and the SDK's own ``validate_scoring_script`` run on
    it (what ``az ml batch-deployment create`` does before upload). The unit is the script."""
    folder = os.path.dirname(os.path.abspath(path))
    from azure.ai.ml.entities import _load_functions

    for name in sorted(os.listdir(folder)):
        if not name.endswith((".yml", ".yaml")):
            continue
        yaml_path = os.path.join(folder, name)
        with open(yaml_path, encoding="utf-8-sig") as handle:
            text = handle.read()
        if "code_configuration" not in text:
            continue
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            continue
        config = data.get("code_configuration") if isinstance(data, dict) else None
        if not isinstance(config, dict):
            continue
        named = os.path.normpath(os.path.join(folder, str(config.get("code", "")), str(config.get("scoring_script", ""))))
        if named != os.path.normpath(os.path.abspath(path)):
            continue
        loader = getattr(_load_functions, _deployment_loader(text))
        with open(path, encoding="utf-8-sig") as handle:
            lines = handle.read().count("\n") + 1
        unit = Unit(path=path, first_line=1, last_line=lines)

        def run(_client: Any, yaml_path: str = yaml_path) -> None:
            validate_script(loader(yaml_path))

        unit.outcome = offline.invoke(run, folder)
        return unit
    return None


def loader_units(path: str) -> list[Unit]:
    """Each ``load_*batch_deployment("FILE")`` call of a `.py` fixture with a literal file: the
    real loader run on that file, from the fixture's folder (the process's working folder, which
    the SDK resolves the file against)."""
    with open(path, encoding="utf-8-sig") as handle:
        source = handle.read()
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError:
        return []
    from azure.ai.ml.entities import _load_functions

    units = []
    folder = os.path.dirname(os.path.abspath(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if not (name.startswith("load_") and name.endswith("batch_deployment")):
            continue
        if not node.args or not isinstance(node.args[0], ast.Constant) or not isinstance(node.args[0].value, str):
            continue
        loader = getattr(_load_functions, name, None)
        if loader is None:
            continue
        unit = Unit(path=path, first_line=node.lineno, last_line=node.end_lineno or node.lineno)

        def run(_client: Any, loader: Any = loader, file: str = node.args[0].value) -> None:
            loaded = loader(file)
            validate = getattr(loaded, "_validate", None)
            if validate is not None:
                validate()

        unit.outcome = offline.invoke(run, folder)
        units.append(unit)
    return sorted(units, key=lambda u: u.first_line)


# ---------------------------------------------------------------- SDK calls


class _Recorded:
    """Mixin: keep the keywords an ``Input``/``Output`` was built with, as written."""

    def __init__(self, **kwargs: Any) -> None:
        self._conformance_written = dict(kwargs)
        super().__init__(**kwargs)  # type: ignore[call-arg]


class RecordingInput(_Recorded, Input):
    pass


class RecordingOutput(_Recorded, Output):
    pass


def _call_spans(tree: ast.AST) -> list[tuple[int, int]]:
    spans = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "invoke"
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr == "batch_endpoints"
        ):
            spans.append((node.lineno, node.end_lineno or node.lineno))
    return sorted(spans)


def _entries_of(group: Any) -> list[Entry]:
    if not isinstance(group, dict):
        return []
    entries = []
    for name, value in group.items():
        written = getattr(value, "_conformance_written", None)
        fields = {k: Written(value=v) for k, v in written.items()} if written is not None else None
        entries.append(Entry(name=str(name), fields=fields, raw=value))
    return entries


def python_units(path: str, base: Optional[str] = None) -> list[Unit]:
    with open(path, encoding="utf-8-sig") as handle:
        source = handle.read()
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError:
        # Not a program the suite can run (a scoring script with a syntax error): no call of it
        # is rebuilt.
        return []
    spans = _call_spans(tree)
    units = {span: Unit(path=path, first_line=span[0], last_line=span[1]) for span in spans}
    client, transport = offline.offline_client()
    real_invoke = client.batch_endpoints.invoke

    def recording_invoke(*args: Any, **kwargs: Any) -> Any:
        line = sys._getframe(1).f_lineno
        span = next((s for s in spans if s[0] <= line <= s[1]), None)
        if span is None:
            return None
        unit = units[span]
        before = len(transport.requests)
        outcome = Outcome()
        try:
            with offline.quiet():
                real_invoke(*args, **kwargs)
        except offline.NetworkBlocked:
            raise
        except Exception as error:  # noqa: BLE001 - the SDK's verdict
            outcome.raised = describe(error)
        posts = [r for r in transport.requests[before:] if r.method == "POST"]
        if posts and outcome.raised is None:
            outcome.body = offline._request_json(posts[-1])
        unit.outcome = outcome
        if outcome.raised is None:
            for keyword in kwargs:
                if keyword not in READ_KEYWORDS:
                    unit.changes.append(f"keyword `{keyword}=` is never read")
            if kwargs.get("input") is not None and kwargs.get("inputs"):
                unit.changes.append("`inputs=` is dropped when `input=` is given")
            single = kwargs.get("input")
            inputs = _entries_of(kwargs.get("inputs")) if single is None else _single_input_entries(single)
            unit.changes.extend(judge_body(inputs, _entries_of(kwargs.get("outputs")), outcome.body, os.getcwd()))
        return None

    client.batch_endpoints.invoke = recording_invoke  # type: ignore[method-assign]
    namespace: dict[str, Any] = {"__name__": "__conformance__", "__builtins__": builtins, "ml_client": client}
    namespace.update(Input=RecordingInput, Output=RecordingOutput)
    previous = os.getcwd()
    patched = _patch_public_names()
    try:
        os.chdir(base or os.path.dirname(os.path.abspath(path)))
        exec(compile(tree, path, "exec"), namespace)  # noqa: S102 - the fixture is the project's own
    except offline.NetworkBlocked:
        raise
    except Exception as error:  # noqa: BLE001 - the rest of the file cannot be rebuilt
        reason = describe(error)
        building = _call_being_built(error, path, spans)
        if building is not None and _raised_by_sdk(error):
            # `Input(type="float", default=0.5)` inside the call's arguments: the SDK refused
            # what the call passes.
            units[building].outcome = Outcome(raised=reason)
        for unit in units.values():
            if unit.outcome is None:
                unit.skipped = f"not rebuilt ({reason})"
    finally:
        os.chdir(previous)
        patched()
    return [units[span] for span in spans]


def _call_being_built(error: BaseException, path: str, spans: list[tuple[int, int]]) -> Optional[tuple[int, int]]:
    """The invoke call whose arguments were being evaluated when `error` was raised."""
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__) if frame.filename == path]
    if not lines:
        return None
    return next((span for span in spans if span[0] <= lines[-1] <= span[1]), None)


def _raised_by_sdk(error: BaseException) -> bool:
    """Raised inside azure-ai-ml (not a name the fixture leaves undefined)."""
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and f"{os.sep}azure{os.sep}ai{os.sep}ml{os.sep}" in frames[-1].filename


def _single_input_entries(single: Any) -> list[Entry]:
    """The single `input=`: sent under the key `UriFolder`/`UriFile`. Without a type it is a
    folder, the documented default of the single input (as `--input` without `--input-type`)."""
    key = {"uri_folder": "UriFolder", "uri_file": "UriFile"}.get(getattr(single, "type", None), "")
    entries = _entries_of({key: single}) if key else []
    for entry in entries:
        if entry.fields is not None:
            entry.fields.setdefault("type", Written(single.type))
    return entries


def _patch_public_names() -> Callable[[], None]:
    """`from azure.ai.ml import Input` inside a fixture must give the recording classes."""
    import azure.ai.ml as public

    saved = [(public, name, getattr(public, name)) for name in ("Input", "Output")]
    public.Input = RecordingInput  # type: ignore[attr-defined]
    public.Output = RecordingOutput  # type: ignore[attr-defined]

    def restore() -> None:
        for module, name, value in saved:
            setattr(module, name, value)

    return restore


# ---------------------------------------------------------------- command lines

INVOKE = re.compile(r"\baz\s+ml\s+batch-endpoint\s+invoke\b")
IGNORED_FLAGS = {"--resource-group", "-g", "--workspace-name", "-w", "--subscription", "--query", "-o", "--output"}
SWITCHES = {"--debug", "--verbose", "--only-show-errors"}
NEGATIVE_NUMBER = re.compile(r"^-\d+(\.\d+)?$")
# Flags that name things (the endpoint, the workspace, the job): a variable there changes nothing
# the SDK judges.
NAMING_FLAGS = IGNORED_FLAGS | {"--name", "-n", "--deployment-name", "-d", "--job-name", "--experiment-name"}
VALUE_FLAGS = {
    "--name": "endpoint_name", "-n": "endpoint_name",
    "--deployment-name": "deployment_name", "-d": "deployment_name",
    "--file": "file", "-f": "file",
    "--input": "input", "--input-type": "input_type",
    "--job-name": "job_name", "--experiment-name": "experiment_name",
    "--mini-batch-size": "mini_batch_size", "-m": "mini_batch_size",
    "--instance-count": "instance_count", "-c": "instance_count",
}  # fmt: skip


def _commands(text: str) -> list[tuple[int, int, str]]:
    """Each `az ml batch-endpoint invoke` command: its first and last line and its joined text."""
    lines = text.split("\n")
    commands = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if INVOKE.search(line) and not line.lstrip().startswith("#"):
            start = index
            joined = line
            while joined.rstrip().endswith("\\") and index + 1 < len(lines):
                index += 1
                joined = joined.rstrip()[:-1] + " " + lines[index]
            commands.append((start + 1, index + 1, joined))
        index += 1
    return commands


def shell_units(path: str, base: Optional[str] = None) -> list[Unit]:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    base = base or os.path.dirname(os.path.abspath(path))
    units = []
    for first, last, command in _commands(text):
        unit = Unit(path=path, first_line=first, last_line=last)
        units.append(unit)
        words = command[INVOKE.search(command).end():]  # type: ignore[union-attr]
        if "`" in words or "$(" in words:
            unit.skipped = "not rebuilt (a command substitution)"
            continue
        try:
            tokens = shlex.split(words, comments=True)
        except ValueError as error:
            unit.skipped = f"not rebuilt ({error})"
            continue
        call = _cli_call(tokens, base)
        if isinstance(call, str):
            unit.skipped = call
            continue
        run, written_inputs, written_outputs, dropped_inputs, followed = call
        unit.followed = followed
        unit.outcome = offline.invoke(run, base)
        if unit.outcome.raised is None:
            if dropped_inputs():
                unit.changes.append("`--input` wins: the inputs of `--file`/`--set inputs.…` are dropped")
            unit.changes.extend(judge_body(written_inputs(), written_outputs(), unit.outcome.body, base))
    return units


def _cli_call(tokens: list[str], base: str) -> Any:
    values: dict[str, str] = {}
    sets: list[str] = []
    position = 0
    while position < len(tokens):
        token = tokens[position]
        flag, _, inline = token.partition("=") if token.startswith("--") else (token, "", "")
        if flag in SWITCHES:
            position += 1
            continue
        if flag not in IGNORED_FLAGS | set(VALUE_FLAGS) | {"--set"}:
            return f"not rebuilt (`{flag}` is for argparse, not the SDK)"
        if inline:
            given = [inline]
        else:
            # `--set` takes every value up to the next flag (argparse's nargs='+').
            given = []
            # A negative number is a value, not a flag (argparse's rule).
            while position + 1 < len(tokens) and (
                not tokens[position + 1].startswith("-") or NEGATIVE_NUMBER.match(tokens[position + 1])
            ):
                position += 1
                given.append(tokens[position])
                if flag != "--set":
                    break
        if not given:
            return "not rebuilt (a flag without its value: argparse decides)"
        for value in given:
            if "$" in value or "%" in value:
                if flag in NAMING_FLAGS:
                    value = "conformance"  # a name from the script: the SDK's answer does not depend on it
                else:
                    return "not rebuilt (a shell variable in what is sent)"
            if flag == "--set":
                sets.append(value)
            elif flag in VALUE_FLAGS:
                values[VALUE_FLAGS[flag]] = value
        position += 1
    inputs: dict[str, dict[str, Any]] = {}
    outputs: dict[str, dict[str, Any]] = {}
    overrides: list[dict[str, Any]] = []
    for item in sets:
        key, equals, value = item.partition("=")
        if not equals:
            return "not rebuilt (`--set` without `=`: the extension decides)"
        parts = key.split(".")
        if parts[0] in {"inputs", "outputs"}:
            if len(parts) != 3:
                return "not rebuilt (`--set inputs.NAME=VALUE`: the extension decides)"
            (inputs if parts[0] == "inputs" else outputs).setdefault(parts[1], {})[parts[2]] = value
        else:
            override: dict[str, Any] = {}
            cursor = override
            for part in parts[:-1]:
                cursor = cursor.setdefault(part, {})
            cursor[parts[-1]] = value
            overrides.append(override)
    if "mini_batch_size" in values:
        overrides.append({"mini_batch_size": values["mini_batch_size"]})
    if "instance_count" in values:
        overrides.append({"compute": {"instance_count": values["instance_count"]}})
    followed: list[str] = []
    file_data: dict[str, Any] = {}
    if "file" in values:
        target = os.path.join(base, values["file"])
        if not os.path.isfile(target):
            return "not rebuilt (the `--file` target is not in the fixtures)"
        followed.append(os.path.normpath(target))

    def run(client: Any) -> None:
        kwargs: dict[str, Any] = {"endpoint_name": values.get("endpoint_name", "conformance")}
        for name in ("deployment_name", "job_name", "experiment_name"):
            if name in values:
                kwargs[name] = values[name]
        merged_inputs: dict[str, Any] = {}
        merged_outputs: dict[str, Any] = {}
        if followed:
            data = load_yaml(followed[0])
            file_data["data"] = data
            merged_inputs.update((data or {}).get("inputs") or {})
            merged_outputs.update((data or {}).get("outputs") or {})
        for name, entry in inputs.items():
            merged_inputs[name] = {**(merged_inputs.get(name) or {}), **entry}
        for name, entry in outputs.items():
            merged_outputs[name] = {**(merged_outputs.get(name) or {}), **entry}
        if "input" in values:
            kwargs["input"] = Input(type=values.get("input_type", "uri_folder"), path=values["input"])
        if merged_inputs:
            kwargs["inputs"] = _build(merged_inputs, Input)
        if merged_outputs:
            kwargs["outputs"] = _build(merged_outputs, Output)
        if overrides:
            kwargs["params_override"] = overrides
        client.batch_endpoints.invoke(**kwargs)

    def written_inputs() -> list[Entry]:
        if "input" in values:
            key = {"uri_folder": "UriFolder", "uri_file": "UriFile"}.get(values.get("input_type", "uri_folder"), "")
            fields = {"type": Written(values.get("input_type", "uri_folder")), "path": Written(values["input"])}
            return [Entry(name=key, fields=fields)]
        return _cli_entries(file_data.get("data"), "inputs", inputs)

    def written_outputs() -> list[Entry]:
        return _cli_entries(file_data.get("data"), "outputs", outputs)

    def dropped_inputs() -> bool:
        file_inputs = ((file_data.get("data") or {}).get("inputs")) if isinstance(file_data.get("data"), dict) else None
        return "input" in values and bool(inputs or file_inputs)

    return run, written_inputs, written_outputs, dropped_inputs, followed


def _cli_entries(data: Any, group: str, sets: dict[str, dict[str, Any]]) -> list[Entry]:
    entries: dict[str, dict[str, Written]] = {}
    for name, entry in ((data or {}).get(group) or {}).items():
        if isinstance(entry, dict):
            entries[str(name)] = {str(k): Written(v) for k, v in entry.items()}
    for name, entry in sets.items():
        # A `--set` value is a string on the command line: it is written as text.
        entries.setdefault(name, {}).update({k: Written(v, text=v) for k, v in entry.items()})
    return [Entry(name=name, fields=fields) for name, fields in entries.items()]


# ---------------------------------------------------------------- Markdown fences

FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
FENCE_LANGUAGES = {
    "yaml": "yaml", "yml": "yaml",
    "bash": "shell", "sh": "shell", "shell": "shell", "console": "shell", "zsh": "shell",
    "python": "python", "py": "python",
}  # fmt: skip


def markdown_units(path: str) -> list[Unit]:
    """The invocations of a Markdown file's YAML, shell and Python fences, each judged as the file
    it would be (run from the Markdown file's folder), at its lines in the Markdown file."""
    with open(path, encoding="utf-8-sig") as handle:
        lines = handle.read().split("\n")
    base = os.path.dirname(os.path.abspath(path))
    units: list[Unit] = []
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence = opening.group("fence")
        language = FENCE_LANGUAGES.get(opening.group("info").split(" ")[0].strip().lower())
        body_start = index + 1
        end = body_start
        while end < len(lines) and not lines[end].strip().startswith(fence[0] * len(fence)):
            end += 1
        if language is not None:
            units.extend(_fence_units(path, base, language, lines[body_start:end], body_start))
        index = end + 1
    return units


def _fence_units(path: str, base: str, language: str, body: list[str], offset: int) -> list[Unit]:
    suffix = {"yaml": ".yml", "shell": ".sh", "python": ".py"}[language]
    with tempfile.TemporaryDirectory() as scratch:
        block = os.path.join(scratch, "block" + suffix)
        with open(block, "w", encoding="utf-8") as handle:
            handle.write("\n".join(body) + "\n")
        if language == "yaml":
            found = [u for u in [inputs_file_unit(block, base)] if u is not None]
            for unit in found:
                unit.last_line = len(body)
        elif language == "shell":
            found = shell_units(block, base)
        else:
            found = python_units(block, base)
    for unit in found:
        unit.path = path
        unit.first_line += offset
        unit.last_line += offset
    return found


# ---------------------------------------------------------------- deployments defined in Python

DEFINITION_CLASSES = ("BatchDeployment", "ModelBatchDeployment", "PipelineComponentBatchDeployment", "BatchEndpoint")


def _definition_calls(tree: ast.AST) -> list[tuple[ast.stmt, ast.Call]]:
    """Each top-level statement that builds a batch deployment or endpoint, with its call."""
    found = []
    for statement in getattr(tree, "body", []):
        for node in ast.walk(statement):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                if name in DEFINITION_CLASSES:
                    found.append((statement, node))
                    break
    return found


def _sent(entity: Any) -> Optional[str]:
    """The request body azure-ai-ml would send for a deployment or endpoint, as text."""
    import json as _json

    try:
        if hasattr(entity, "_to_rest_batch_endpoint"):
            rest = entity._to_rest_batch_endpoint(location="westus")
        else:
            rest = entity._to_rest_object(location="westus")
        body = rest.serialize() if hasattr(rest, "serialize") else rest.as_dict()
        return _json.dumps(body, sort_keys=True, default=str)
    except Exception:  # noqa: BLE001 - a body that cannot be built is not compared
        return None


def definition_units(path: str) -> list[Unit]:
    """Each batch deployment or endpoint a `.py` fixture builds, built by azure-ai-ml 1.35 with the
    keywords as written: the class *raises* (a keyword it does not take: `TypeError`), *changes*
    what is written (a keyword it takes and drops: the request body is the same without it), or
    takes it as written. The file's other top-level statements run first, each on its own (a
    failure leaves its names unbound), so the keywords' values are the file's."""
    import warnings

    import azure.ai.ml.entities as entities

    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    tree = ast.parse(source, filename=path)
    calls = _definition_calls(tree)
    if not calls:
        return []
    namespace: dict[str, Any] = {"__name__": "__conformance__", "__builtins__": builtins}
    namespace.update({name: getattr(entities, name) for name in dir(entities) if not name.startswith("_")})
    client, _ = offline.offline_client()
    namespace["ml_client"] = client
    units = []
    by_statement = {id(statement): call for statement, call in calls}
    previous = os.getcwd()
    os.chdir(os.path.dirname(os.path.abspath(path)))
    try:
        for statement in tree.body:
            call = by_statement.get(id(statement))
            if call is not None:
                unit = Unit(path=path, first_line=statement.lineno, last_line=statement.end_lineno or statement.lineno)
                units.append(unit)
                _build_definition(call, namespace, unit)
            try:
                with offline.quiet(), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    exec(compile(ast.Module(body=[statement], type_ignores=[]), path, "exec"), namespace)  # noqa: S102
            except offline.NetworkBlocked:
                raise
            except Exception:  # noqa: BLE001 - its names stay unbound
                pass
    finally:
        os.chdir(previous)
    return units


def _build_definition(call: ast.Call, namespace: dict[str, Any], unit: Unit) -> None:
    import warnings

    name = call.func.id if isinstance(call.func, ast.Name) else call.func.attr  # type: ignore[union-attr]
    cls = namespace[name]
    keywords: dict[str, Any] = {}
    try:
        for keyword in call.keywords:
            value = eval(compile(ast.Expression(keyword.value), unit.path, "eval"), namespace)  # noqa: S307
            if keyword.arg is None:
                keywords.update(value)
            else:
                keywords[keyword.arg] = value
    except Exception as error:  # noqa: BLE001 - a value the fixture cannot make here
        # Unless a keyword's value is itself an azure-ai-ml object the fixture builds with the
        # wrong keywords (`settings=ModelBatchDeploymentSettings(…)` without `mini_batch_size=`):
        # the user's program stops there, before the deployment is built — the SDK's verdict.
        if isinstance(error, TypeError) and "__init__()" in str(error):
            _raised(unit, error)
        else:
            unit.skipped = f"not rebuilt ({describe(error)})"
        return
    with offline.quiet(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            entity = cls(**keywords)
        except Exception as error:  # noqa: BLE001 - the SDK's verdict (a keyword it does not take: TypeError)
            _raised(unit, error)
            return
        # `begin_create_or_update` turns the entity into a request (`_to_rest_object`), which
        # validates it first (`BatchDeployment._validate`: the output action and file name):
        # what that raises, the SDK raises before anything is sent.
        validate = getattr(entity, "_validate", None)
        if callable(validate):
            try:
                validate()
            except Exception as error:  # noqa: BLE001 - the SDK's verdict
                _raised(unit, error)
                return
        unit.outcome = Outcome()
        whole = _sent(entity)
        if whole is None:
            return
        for keyword in keywords:
            if keyword in ("name", "endpoint_name") or keywords[keyword] is None:
                continue
            # Another value (a value equal to the default would change nothing either way), or,
            # for a value amlint cannot vary, none at all.
            other = _altered(keywords[keyword])
            if other is None:
                changed = {k: v for k, v in keywords.items() if k != keyword}
            else:
                changed = {**keywords, keyword: other}
            try:
                less = _sent(cls(**changed))
            except Exception:  # noqa: BLE001 - the keyword is needed: it is read
                continue
            if less == whole:
                unit.changes.append(f"`{name}` takes `{keyword}=` and drops it (the request is the same with another value or without it)")


def _raised(unit: Unit, error: Exception) -> None:
    """The unit's verdict: the SDK raised `error` building or validating what it defines."""
    outcome = Outcome()
    outcome.raised = describe(error)
    outcome.message = str(error)
    unit.outcome = outcome


def _altered(value: Any) -> Any:
    """A value of the same type as `value` and different from it, or None."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 7
    if isinstance(value, float):
        return value + 0.5
    if isinstance(value, str):
        return value + "zz"
    if isinstance(value, dict):
        return {**value, "zz": "zz"}
    return None
