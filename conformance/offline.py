"""The real ``MLClient(...).batch_endpoints.invoke()``, with only the network replaced.

Replaced, and nothing else:

* the endpoint GET (``_batch_operation.get``): an endpoint whose scoring URI is fixed;
* the deployment list (``_batch_deployment_operation.list``): the deployment named exists;
* the ``@latest`` label lookup (the data operations' managed label resolver): version ``7``;
* the blob transfer of local uploads: the datastore lookup (``get_datastore_info``) gives a
  default blob store, and its ``BlobServiceClient`` gets a transport that answers every Blob
  Storage request; the SDK's upload code above it (path checks, ignore file, hashing, the empty
  folder check, the confirmation metadata) is its own;
* the HTTP transport under the real pipeline: the request is captured and answered ``200``.

Every socket is blocked before the SDK is imported, so a call that reaches for the network fails
loudly instead of hanging or leaking a request.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

LATEST_VERSION = "7"
SCORING_URI = "https://conformance.westeurope.inference.ml.azure.com/jobs"
SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
RESOURCE_GROUP = "conformance-rg"
WORKSPACE = "conformance-ws"


class NetworkBlocked(RuntimeError):
    """Raised by every socket operation: the suite must run on a machine with no network."""


def _blocked(*_args: Any, **_kwargs: Any) -> Any:
    raise NetworkBlocked("the conformance suite never uses the network")


def block_sockets() -> None:
    socket.socket.connect = _blocked  # type: ignore[method-assign]
    socket.socket.connect_ex = _blocked  # type: ignore[method-assign]
    socket.create_connection = _blocked  # type: ignore[assignment]
    socket.getaddrinfo = _blocked  # type: ignore[assignment]


block_sockets()

# Imported only once the sockets are blocked.
from azure.core.credentials import AccessToken  # noqa: E402
from azure.core.pipeline.transport import HttpTransport  # noqa: E402
from azure.core.rest import HttpResponse  # noqa: E402

import azure.ai.ml  # noqa: E402
from azure.ai.ml import Input, MLClient, Output  # noqa: E402
from azure.ai.ml._artifacts import _artifact_utilities, _blob_storage_helper  # noqa: E402
from azure.core.utils import CaseInsensitiveDict  # noqa: E402
from azure.storage.blob import BlobServiceClient  # noqa: E402

SDK_VERSION: str = getattr(azure.ai.ml, "__version__", "unknown")


class FakeCredential:
    def get_token(self, *_scopes: str, **_kwargs: Any) -> AccessToken:
        return AccessToken("conformance-token", 4_102_444_800)


class _Response(HttpResponse):
    """The 200 answer of the scoring URI: a batch job the SDK can read back."""

    def __init__(self, request: Any) -> None:
        self._request = request
        self._body = json.dumps(
            {
                "id": f"/subscriptions/{SUBSCRIPTION}/jobs/conformance-job",
                "name": "conformance-job",
                "properties": {"status": "NotStarted"},
            }
        ).encode()

    # The abstract interface of azure.core.rest.HttpResponse.
    request = property(lambda self: self._request)
    status_code = property(lambda self: 200)
    headers = property(lambda self: {"Content-Type": "application/json"})
    reason = property(lambda self: "OK")
    content_type = property(lambda self: "application/json")
    is_closed = property(lambda self: True)
    is_stream_consumed = property(lambda self: True)
    encoding = property(lambda self: "utf-8", lambda self, value: None)
    url = property(lambda self: self._request.url)
    content = property(lambda self: self._body)

    def text(self, encoding: Optional[str] = None) -> str:
        return self._body.decode()

    def json(self) -> Any:
        return json.loads(self._body)

    def raise_for_status(self) -> None:
        return None

    def read(self) -> bytes:
        return self._body

    def iter_raw(self, **_kwargs: Any) -> Any:
        yield self._body

    def iter_bytes(self, **_kwargs: Any) -> Any:
        yield self._body

    def close(self) -> None:
        return None

    def __enter__(self) -> "_Response":
        return self

    def __exit__(self, *args: Any) -> None:
        return None


class CapturingTransport(HttpTransport):
    """The HTTP transport under the SDK's real request pipeline: it records, it answers 200."""

    def __init__(self) -> None:
        self.requests: list[Any] = []

    def send(self, request: Any, **_kwargs: Any) -> Any:
        self.requests.append(request)
        return _Response(request)

    def open(self) -> None:
        return None

    def close(self) -> None:
        return None

    def __enter__(self) -> "CapturingTransport":
        return self

    def __exit__(self, *args: Any) -> None:
        return None


def _request_json(request: Any) -> Any:
    body = getattr(request, "content", None)
    if body is None:
        body = getattr(request, "data", None) or getattr(request, "body", None)
    if isinstance(body, (bytes, bytearray)):
        body = body.decode()
    if isinstance(body, str):
        return json.loads(body)
    return body


class _Endpoint:
    class properties:  # noqa: N801 - the SDK reads ``endpoint.properties.scoring_uri``
        scoring_uri = SCORING_URI


class StorageTransport(HttpTransport):
    """The blob transfer: every Blob Storage request of an upload is answered here.

    A blob's properties are "not found" (nothing is uploaded yet), every write succeeds. The
    SDK's own upload code (`upload_directory`, the ignore file, the empty-folder check, the
    confirmation metadata) runs unchanged above it.
    """

    def __init__(self) -> None:
        self.requests: list[Any] = []

    def send(self, request: Any, **_kwargs: Any) -> Any:
        self.requests.append(request)
        if request.method == "HEAD":
            return _StorageResponse(request, 404, {"x-ms-error-code": "BlobNotFound"})
        # Creating a blob answers 201; setting its properties (`?comp=metadata`, …) answers 200.
        status = 201 if request.method == "PUT" and "comp=" not in request.url else 200
        return _StorageResponse(request, status, {"ETag": '"0x1"', "Last-Modified": "Tue, 01 Dec 2026 00:00:00 GMT"})

    def open(self) -> None:
        return None

    def close(self) -> None:
        return None

    def __enter__(self) -> "StorageTransport":
        return self

    def __exit__(self, *args: Any) -> None:
        return None


class _StorageResponse(_Response):
    def __init__(self, request: Any, status: int, headers: dict[str, str]) -> None:
        super().__init__(request)
        self._status = status
        self._headers = CaseInsensitiveDict({"Content-Length": "0", "x-ms-request-id": "conformance", **headers})
        self._body = b""

    status_code = property(lambda self: self._status)
    headers = property(lambda self: self._headers)
    reason = property(lambda self: "Not Found" if self._status == 404 else "OK")
    content_type = property(lambda self: None)


UPLOADS = StorageTransport()


def _datastore_info(*_args: Any, **_kwargs: Any) -> dict[str, Any]:
    """The workspace's default blob store, as the datastore GET (with its secrets) returns it."""
    return {
        "storage_type": "AzureBlob",
        "storage_account": "conformance",
        "account_url": "https://conformance.blob.core.windows.net",
        "container_name": "azureml-blobstore-conformance",
        "credential": "Y29uZm9ybWFuY2U=",
    }


def _blob_service_client(*args: Any, **kwargs: Any) -> Any:
    return BlobServiceClient(*args, transport=UPLOADS, **kwargs)


class _LatestData:
    def __init__(self, name: str) -> None:
        self.name = name
        self.version = LATEST_VERSION


@dataclass
class Outcome:
    """What one ``invoke()`` did: the exception it raised, or the body it sent."""

    raised: Optional[str] = None
    # The exception's whole text (``raised`` keeps its first line).
    message: str = ""
    body: Any = None
    requests: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return "raises" if self.raised is not None else "sends"


def offline_client() -> tuple[MLClient, CapturingTransport]:
    transport = CapturingTransport()
    client = MLClient(
        credential=FakeCredential(),
        subscription_id=SUBSCRIPTION,
        resource_group_name=RESOURCE_GROUP,
        workspace_name=WORKSPACE,
        transport=transport,
    )
    ops = client.batch_endpoints
    ops._batch_operation.get = lambda *a, **k: _Endpoint()  # type: ignore[attr-defined]

    def deployments(*_args: Any, cls: Optional[Callable[[Any], Any]] = None, **_kwargs: Any) -> Any:
        # Every deployment an invocation names exists: the list holds whatever was asked for.
        names = _AnyName()
        return names

    ops._batch_deployment_operation.list = deployments  # type: ignore[attr-defined]
    data_ops = client.data
    resolver = getattr(data_ops, "_managed_label_resolver", None)
    if isinstance(resolver, dict):
        resolver["latest"] = _LatestData
    _artifact_utilities.get_datastore_info = _datastore_info  # type: ignore[assignment]
    _blob_storage_helper.BlobServiceClient = _blob_service_client  # type: ignore[assignment,misc]
    return client, transport


class _AnyName(list):
    """A deployment list that contains every name (and is not empty)."""

    def __init__(self) -> None:
        super().__init__(["conformance-deployment"])

    def __contains__(self, _name: object) -> bool:
        return True


def describe(error: BaseException) -> str:
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {message}".rstrip(": ")


@contextlib.contextmanager
def quiet() -> Any:
    """The SDK prints upload progress and warnings; the suite's output is its table."""
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        yield


def invoke(run: Callable[[MLClient], Any], cwd: str) -> Outcome:
    """Run ``run(client)`` (which calls ``client.batch_endpoints.invoke``) from ``cwd``."""
    client, transport = offline_client()
    previous = os.getcwd()
    outcome = Outcome()
    try:
        os.chdir(cwd)
        with quiet():
            run(client)
    except NetworkBlocked:
        raise
    except Exception as error:  # noqa: BLE001 - any exception is the SDK's verdict
        outcome.raised = describe(error)
        outcome.message = str(error)
    finally:
        os.chdir(previous)
    posts = [r for r in transport.requests if getattr(r, "method", "") == "POST"]
    outcome.requests = [f"{r.method} {r.url}" for r in transport.requests]
    if posts and outcome.raised is None:
        outcome.body = _request_json(posts[-1])
    return outcome


__all__ = ["Input", "Output", "Outcome", "SDK_VERSION", "invoke", "LATEST_VERSION", "NetworkBlocked"]

if __name__ == "__main__":
    print(SDK_VERSION, file=sys.stderr)
