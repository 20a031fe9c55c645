"""The REST contract of `POST …/jobs` (a batch endpoint job), as a checker of request bodies.

Restated — facts only, no code copied — from azure-ai-ml's vendored swagger
`sdk/ml/azure-ai-ml/swagger/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/
preview/2020-09-01-dataplanepreview/mfe.json` (Azure/azure-sdk-for-python commit f472bfc6, MIT):

* `BatchJobResource` requires `properties` (a `BatchJob`); every object has
  `additionalProperties: false`;
* `inputData` maps names to `JobInput`, polymorphic on `jobInputType` (required; one of
  `UriFile UriFolder MLTable Literal CustomModel MLFlowModel TritonModel`); the data inputs
  (`AssetJobInput`) require `uri` and take `mode`; `LiteralJobInput` requires `value`;
* `outputData` maps names to `JobOutputV2`, polymorphic on `jobOutputType` (required; the data
  types); `uri` is optional (the service picks `azureml/{jobId}/{outputFolder}/{outputFileName}`);
* property names and enum values are matched without regard to case (the documentation sends
  `InputData`/`JobInputType`, azure-ai-ml `inputData`/`jobInputType`; the service echoes
  PascalCase).

`violations(body)` lists what a body breaks, each as `(kind, where)`; the kinds are what amlint's
REST rules report: `input-type` (rest-unknown-input-type), `missing-uri` (rest-missing-uri),
`literal-value` (rest-literal-value), `shape` (rest-body-shape).
"""

from __future__ import annotations

from typing import Any

INPUT_TYPES = ("UriFile", "UriFolder", "MLTable", "Literal", "CustomModel", "MLFlowModel", "TritonModel")
OUTPUT_TYPES = tuple(t for t in INPUT_TYPES if t != "Literal")
INPUT_MODES = ("ReadOnlyMount", "ReadWriteMount", "Download", "Direct", "EvalMount", "EvalDownload")
OUTPUT_MODES = ("ReadWriteMount", "Upload")

# The properties each object of the contract has (additionalProperties: false everywhere).
BATCH_JOB = (
    "compute", "dataset", "description", "errorThreshold", "inputData", "interactionEndpoints",
    "loggingLevel", "maxConcurrencyPerInstance", "miniBatchSize", "name", "output", "outputData",
    "outputDataset", "outputFileName", "partitionKeys", "properties", "provisioningState",
    "retrySettings", "status", "tags",
)
RESOURCE = ("properties", "systemData", "id", "name", "type")
ASSET_INPUT = ("jobInputType", "description", "uri", "mode")
LITERAL_INPUT = ("jobInputType", "description", "value")
ASSET_OUTPUT = ("jobOutputType", "description", "uri", "mode")

Violation = tuple[str, str]


def _get(obj: dict[str, Any], key: str) -> tuple[str, Any] | None:
    """The entry whose name is `key` in any case (the last one written wins)."""
    found = None
    for name, value in obj.items():
        if name.lower() == key.lower():
            found = (name, value)
    return found


def _unknown(obj: dict[str, Any], known: tuple[str, ...], where: str) -> list[Violation]:
    lower = {k.lower() for k in known}
    return [("shape", f"{where}.{name}") for name in obj if name.lower() not in lower]


def _enum(value: Any, allowed: tuple[str, ...]) -> str | None:
    if not isinstance(value, str):
        return None
    return next((a for a in allowed if a.lower() == value.lower()), None)


def violations(body: Any) -> list[Violation]:
    if not isinstance(body, dict):
        return [("shape", "$")]
    found: list[Violation] = _unknown(body, RESOURCE, "$")
    properties = _get(body, "properties")
    if properties is None or not isinstance(properties[1], dict):
        return found + [("shape", "$.properties")]
    job = properties[1]
    found += _unknown(job, BATCH_JOB, "properties")
    inputs = _get(job, "inputData")
    for name, entry in (inputs[1].items() if inputs and isinstance(inputs[1], dict) else []):
        where = f"inputData.{name}"
        if not isinstance(entry, dict):
            found.append(("shape", where))
            continue
        typed = _get(entry, "jobInputType")
        kind = _enum(typed[1], INPUT_TYPES) if typed else None
        if kind is None:
            found.append(("input-type", where))
            continue
        if kind == "Literal":
            found += [("literal-value", f"{where}.{k}") for k in entry if k.lower() == "uri"]
            found += _unknown({k: v for k, v in entry.items() if k.lower() != "uri"}, LITERAL_INPUT, where)
            if _get(entry, "value") is None:
                found.append(("literal-value", where))
        else:
            found += _unknown(entry, ASSET_INPUT, where)
            uri = _get(entry, "uri")
            if uri is None or not (isinstance(uri[1], str) and uri[1].strip()):
                found.append(("missing-uri", where))
            mode = _get(entry, "mode")
            if mode is not None and _enum(mode[1], INPUT_MODES) is None:
                found.append(("shape", f"{where}.mode"))
    outputs = _get(job, "outputData")
    for name, entry in (outputs[1].items() if outputs and isinstance(outputs[1], dict) else []):
        where = f"outputData.{name}"
        if not isinstance(entry, dict):
            found.append(("shape", where))
            continue
        typed = _get(entry, "jobOutputType")
        if typed is None or _enum(typed[1], OUTPUT_TYPES) is None:
            found.append(("input-type", where))
            continue
        found += _unknown(entry, ASSET_OUTPUT, where)
        mode = _get(entry, "mode")
        if mode is not None and _enum(mode[1], OUTPUT_MODES) is None:
            found.append(("shape", f"{where}.mode"))
    return found


# The amlint rule that reports each kind of violation.
RULE_OF = {
    "input-type": "rest-unknown-input-type",
    "missing-uri": "rest-missing-uri",
    "literal-value": "rest-literal-value",
    "shape": "rest-body-shape",
}
