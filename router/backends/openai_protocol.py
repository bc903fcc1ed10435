"""OpenAI-compatible servers called directly over one shared HTTP client.

A tier whose model is ``openai/<name>`` with an ``api_base`` (vLLM, llama.cpp server,
Ollama, a company gateway) speaks the OpenAI chat protocol. litellm would send the same
request through the openai SDK, after mapping parameters, building its logging objects and
pricing the answer; per call that costs several times what the rest of tierroute does
(BENCHMARKS.md §4). This backend sends the request itself: one ``POST
{api_base}/chat/completions`` over a pooled ``httpx.AsyncClient``, whole or streamed
(server-sent events). ``client: litellm`` on the tier or fallback sends it through litellm
instead.

What is sent is what litellm sends to such a server: ``model`` without the ``openai/``
prefix, the messages, ``max_tokens``, the sampling parameters the request set, and
``logprobs`` when an escalation signal needs them. A tier with a reasoning budget is called
through litellm, which knows which models take one and in what form.
Errors become tierroute's here, as in :mod:`router.backends.hosted`: a timeout
:class:`BackendTimeout`; an unreachable server, a reset connection or a 429
:class:`BackendUnavailable`; any other failure, a non-2xx answer or a stream cut short
:class:`BackendError`, with the server's own message.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx

from router.backends.calls import OPENAI_CALL_FIELDS, ModelAnswer, ModelCall, StreamDelta, Usage
from router.backends.openai_wire import FINISH_REASONS, answer_of, chunk_delta, usage_of
from router.errors import BackendError, BackendTimeout, BackendUnavailable, ConfigError

__all__ = ["OpenAIProtocolBackend", "request_body"]

_PREFIX = "openai/"
#: llama.cpp's server takes its repeat penalty too (a tier sets it only for such servers).
_SAMPLING = (*OPENAI_CALL_FIELDS, "repeat_penalty")
#: How much of a server's error body a message quotes.
_DETAIL_CHARS = 500


def request_body(call: ModelCall, *, stream: bool) -> dict[str, Any]:
    """The JSON body of the chat request for ``call``."""
    body: dict[str, Any] = {
        "model": call.deployment.model.removeprefix(_PREFIX),
        "messages": call.messages,
        "max_tokens": call.max_tokens,
    }
    for name in _SAMPLING:
        value = getattr(call, name)
        if value is not None:
            body[name] = value
    if call.logprobs:
        body["logprobs"] = True
        if call.top_logprobs is not None:
            body["top_logprobs"] = call.top_logprobs
    if stream:
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}
    return body


def _headers(call: ModelCall) -> dict[str, str]:
    env = call.deployment.api_key_env
    if env is None:
        return {}
    key = os.environ.get(env)
    if not key:
        raise ConfigError(
            f"environment variable {env} (the key for {call.deployment.model}) is not set"
        )
    return {"Authorization": f"Bearer {key}"}


def _server_message(content: bytes) -> str:
    """The ``error.message`` of an OpenAI-style error body, else the body's start."""
    text = content.decode("utf-8", "replace")
    try:
        error = json.loads(text).get("error")
    except (ValueError, AttributeError):
        error = None
    message = error.get("message") if isinstance(error, dict) else error
    detail = str(message) if message else text
    return " ".join(detail.split())[:_DETAIL_CHARS] or "(empty body)"


def _status_error(model: str, status: int, content: bytes) -> BackendError:
    detail = _server_message(content)
    if status == 429:
        return BackendUnavailable(f"{model} is rate-limited (HTTP 429): {detail}")
    return BackendError(f"{model} failed (HTTP {status}): {detail}")


def _transport_error(model: str, exc: Exception) -> BackendError:
    name = type(exc).__name__
    detail = f"{name}: {str(exc).splitlines()[0][:_DETAIL_CHARS]}" if str(exc) else name
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return BackendTimeout(f"{model} timed out ({detail})")
    if isinstance(exc, httpx.TransportError):
        return BackendUnavailable(f"cannot reach {model} ({detail})")
    return BackendError(f"{model} failed ({detail})")


class OpenAIProtocolBackend:
    """Calls OpenAI-compatible servers over one pooled HTTP client per event loop."""

    def __init__(self) -> None:
        self._client: httpx.AsyncClient | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _http(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            # timeouts are set per call (the deployment's), as a deadline for the whole call
            self._client = httpx.AsyncClient(
                timeout=None,
                limits=httpx.Limits(max_connections=None, max_keepalive_connections=64),
            )
            self._loop = loop
        return self._client

    def count_tokens(self, messages: list[dict[str, Any]], model: str) -> int:
        """Prompt tokens as litellm counts them for ``model``."""
        from router.backends.hosted import count_tokens

        return count_tokens(messages, model)

    async def complete(self, call: ModelCall) -> ModelAnswer:
        """One non-streamed completion."""
        model = call.deployment.model
        url = f"{call.deployment.api_base}".rstrip("/") + "/chat/completions"
        body = request_body(call, stream=False)
        headers = _headers(call)
        try:
            async with asyncio.timeout(call.deployment.timeout_s):
                response = await self._http().post(url, json=body, headers=headers)
        except Exception as exc:
            raise _transport_error(model, exc) from exc
        if response.status_code >= 300:
            raise _status_error(model, response.status_code, response.content)
        try:
            payload = response.json()
        except ValueError as exc:
            raise BackendError(f"{model} answered with a body that is not JSON") from exc
        return answer_of(model, payload)

    async def stream(self, call: ModelCall) -> AsyncIterator[StreamDelta]:
        """A streamed completion; usage comes with the last delta."""
        model = call.deployment.model
        url = f"{call.deployment.api_base}".rstrip("/") + "/chat/completions"
        body = request_body(call, stream=True)
        headers = _headers(call)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + call.deployment.timeout_s  # for the whole stream

        def left() -> float:
            return max(deadline - loop.time(), 0.001)

        finish: Any = None
        usage: Usage | None = None
        sent = False  # whether a piece of the answer was passed on
        # no timeout scope is held across a ``yield`` (it would cancel whatever the consumer
        # awaits meanwhile): each wait has the time left until the deadline
        try:
            client = self._http()
            request = client.build_request("POST", url, json=body, headers=headers)
            response = await asyncio.wait_for(client.send(request, stream=True), left())
            try:
                if response.status_code >= 300:
                    content = await asyncio.wait_for(response.aread(), left())
                    raise _status_error(model, response.status_code, content)
                async for event in _events(model, response, left):
                    usage = usage_of(event.get("usage")) or usage
                    for choice in event.get("choices") or ():
                        if choice.get("finish_reason") in FINISH_REASONS:
                            finish = choice["finish_reason"]
                        delta = chunk_delta(choice)
                        if delta is not None:
                            sent = True
                            yield delta
            finally:
                await response.aclose()
        except BackendError:
            raise
        except Exception as exc:
            timeout = isinstance(exc, httpx.TimeoutException | TimeoutError)
            if sent and not timeout:  # the model was reached: the stream broke, not unreachable
                raise BackendError(
                    f"{model}: the stream broke after it began ({type(exc).__name__}); "
                    "the answer is incomplete"
                ) from exc
            raise _transport_error(model, exc) from exc
        if finish is None:
            raise BackendError(
                f"{model}: the stream ended without a finish reason (cut short); "
                "the answer is incomplete"
            )
        yield StreamDelta(finish_reason=finish, usage=usage or Usage())

    async def aclose(self) -> None:
        """Close the pooled connections."""
        if self._client is not None:
            client, self._client = self._client, None
            await client.aclose()


async def _events(
    model: str, response: httpx.Response, left: Callable[[], float]
) -> AsyncIterator[dict[str, Any]]:
    """The events of a server-sent stream up to ``[DONE]``, each read within ``left()``."""
    lines = aiter(response.aiter_lines())
    while True:
        try:
            line = await asyncio.wait_for(anext(lines), left())
        except StopAsyncIteration:
            return
        event = _event(model, line)
        if event == "[DONE]":
            return
        if event is not None:
            yield event


def _event(model: str, line: str) -> Any:
    """The JSON of one server-sent ``data:`` line, ``"[DONE]"``, or ``None`` for other lines;
    an error event raises."""
    if not line.startswith("data:"):
        return None
    data = line[5:].strip()
    if data == "[DONE]":
        return data
    try:
        event = json.loads(data)
    except ValueError as exc:
        raise BackendError(f"{model} sent a stream event that is not JSON") from exc
    if not isinstance(event, dict):
        raise BackendError(f"{model} sent a stream event that is not a JSON object")
    if "error" in event:
        raise BackendError(f"{model} failed mid-stream: {_server_message(data.encode())}")
    return event
