"""The stub itself: its routes, its counters, and how a chat request becomes an answer.

Routes: ``POST .../chat/completions``; ``GET .../healthz`` (the readiness probe);
``GET .../stats`` (the counters, as :meth:`OpenAIStub.counts` gives them). Counters say
what was asked and what was done: ``requests`` per model (also known as ``calls``),
``faults`` per kind, ``answered`` (complete answers sent); ``bodies`` keeps every chat
request's parsed body, unless told not to (a benchmark's run would fill the memory).

The fast path, for a request that does not ask for anything that takes time: the answer is
written from ``data_received`` with no task. When bodies are not kept, a body seen before
is not parsed again (the benchmarks send one body over and over); the benchmarks' model
(``stub``) answers bytes built once.
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from tools.openai_stub import answers, chat
from tools.openai_stub.behaviours import TRICKLE_EVERY_S, Behaviour, behaviour_for
from tools.openai_stub.chat import BENCHMARK_COMPLETION, ChatRequest
from tools.openai_stub.connection import (
    LAST_CHUNK,
    Answer,
    Connection,
    Request,
    chunk,
    head,
    response,
)
from tools.openai_stub.faults import FaultPlan, fault_for

__all__ = ["OpenAIStub"]

#: How many distinct bodies the parse memo holds before it starts afresh.
_MEMO_SIZE = 1024
_CANNED = {
    keep: response("200 OK", BENCHMARK_COMPLETION, keep_alive=keep) for keep in (True, False)
}
_NOT_JSON = chat.error_body("the body is not a JSON object", "invalid_request_error")
_BOOM = chat.error_body("boom", "server_error")
_INJECTED = chat.error_body("injected fault", "server_error")
_NOT_FOUND = chat.error_body("not here", "invalid_request_error")
_HEALTHY = b'{"status": "ok"}'
_SSE = "text/event-stream"
_JSON = "application/json"


class OpenAIStub:
    """An OpenAI-protocol server that answers by model name and fails on purpose."""

    def __init__(self, plan: FaultPlan | None = None, *, keep_bodies: bool = True) -> None:
        #: The plan in force; assign a new one to change it between phases of a test.
        self.plan = plan or FaultPlan()
        self.requests: Counter[str] = Counter()
        self.faults: Counter[str] = Counter()
        self.answered = 0
        self.bodies: list[dict[str, Any]] = []
        self.keep_bodies = keep_bodies
        self._rng = random.Random(self.plan.seed)
        self._lock = threading.Lock()  # the counters are read from other threads
        self._parsed: dict[bytes, ChatRequest | None] = {}

    @property
    def calls(self) -> Counter[str]:
        """Chat requests per model (the same counter as ``requests``)."""
        return self.requests

    def counts(self) -> dict[str, Any]:
        """A snapshot of the counters."""
        with self._lock:
            return {
                "requests": sum(self.requests.values()),
                "by_model": dict(self.requests),
                "faults": dict(self.faults),
                "faults_total": sum(self.faults.values()),
                "answered": self.answered,
            }

    async def serve(
        self,
        host: str,
        port: int,
        *,
        stop: asyncio.Event | None = None,
        ready: Callable[[], None] | None = None,
    ) -> None:
        """Serve on ``host:port`` until ``stop`` is set (or, without it, until cancelled);
        ``ready`` is called once the port listens."""
        live: set[Connection] = set()
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: Connection(self.respond, live), host, port, backlog=1024
        )
        if ready is not None:
            ready()
        try:
            await (stop.wait() if stop is not None else loop.create_future())
        finally:
            server.close()
            for connection in list(live):
                connection.shut()
            await server.wait_closed()
            await asyncio.sleep(0)  # let the closed connections' callbacks run

    # answers

    def respond(self, request: Request) -> Answer:
        """The answer to one request."""
        keep = request.keep_alive
        if request.method == "POST" and request.path.endswith("/chat/completions"):
            return self._chat(request.body, keep)
        if request.method == "GET" and request.path.endswith("/healthz"):
            return response("200 OK", _HEALTHY, keep_alive=keep)
        if request.method == "GET" and request.path.endswith("/stats"):
            return response("200 OK", json.dumps(self.counts()).encode(), keep_alive=keep)
        return response("404 Not Found", _NOT_FOUND, keep_alive=keep)

    def _chat(self, body: bytes, keep: bool) -> Answer:
        request = self._read(body)
        if request is None:
            return response("400 Bad Request", _NOT_JSON, keep_alive=keep)
        model = request.model
        if request.invalid is not None:
            self._count(model, draw=False)
            return response("400 Bad Request", request.invalid, keep_alive=keep)
        behaviour = behaviour_for(model)
        if behaviour.canned and not request.stream and request.tool_call is None:
            # the benchmarks' plain answer: bytes built once, and no fault
            with self._lock:
                self.requests[model] += 1
                self.answered += 1
            return _CANNED[keep]
        fault = self._count(model, draw=True)
        if fault in ("error500", "down") or behaviour.fail500:
            failure = _BOOM if fault is None else _INJECTED
            return response("500 Internal Server Error", failure, keep_alive=keep)
        if fault in ("reset", "truncated"):
            return self._broken(request, behaviour, fault == "reset", keep)
        if behaviour.trickle:
            return self._trickle(request, behaviour, keep)
        data = self._render(request, behaviour, keep)
        delay_s = behaviour.delay_s + (self.plan.slow_s if fault == "slow" else 0.0)
        if delay_s > 0:
            return lambda channel: answers.after(channel, delay_s, data, self._done)
        self._done()
        return data

    def _read(self, body: bytes) -> ChatRequest | None:
        """The chat request in ``body``; a body seen before is not parsed again unless
        bodies are kept."""
        if not self.keep_bodies:
            try:
                return self._parsed[body]
            except KeyError:
                pass
        try:
            payload = json.loads(body)
        except ValueError:
            payload = None
        request = chat.read_chat(payload)
        if self.keep_bodies:
            if request is not None:
                self.bodies.append(payload)
        else:
            if len(self._parsed) >= _MEMO_SIZE:
                self._parsed.clear()
            self._parsed[body] = request
        return request

    def _render(self, request: ChatRequest, behaviour: Behaviour, keep: bool) -> bytes:
        """The whole response of a correct answer, whole or streamed: a tool call when the
        request offers tools, words (quoting a tool's result if it ends with one) else."""
        model, asked = request.model, request.logprobs
        content = behaviour.content
        if request.tool_result is not None:
            content = f"{content} using {request.tool_result}"
        logprob = behaviour.logprob if behaviour.logprob_tokens else -0.05
        if request.stream:
            if request.tool_call is not None:
                pieces = chat.tool_call_events(model, request.tool_call)
            else:
                pieces = chat.events(
                    model,
                    content,
                    finish=behaviour.finish,
                    logprob=logprob if asked else None,
                    top_logprobs=request.top_logprobs,
                    cached_tokens=behaviour.cached_tokens,
                )
            return _stream_head(keep) + b"".join(map(chunk, pieces)) + LAST_CHUNK
        tokens = (behaviour.logprob_tokens or tuple(content.split(" "))) if asked else ()
        body = chat.completion(
            model,
            content,
            finish=behaviour.finish,
            logprob_tokens=tokens,
            logprob=logprob,
            top_logprobs=request.top_logprobs,
            tool_call=request.tool_call,
            cached_tokens=behaviour.cached_tokens,
        )
        return response("200 OK", body, keep_alive=keep)

    def _broken(
        self, request: ChatRequest, behaviour: Behaviour, reset: bool, keep: bool
    ) -> Answer:
        """An answer cut short (``truncated``) or by a reset connection (``reset``): a whole
        answer's body stops half-way; a stream stops after half of its events, with a reset
        or with a clean end of the body but no finish reason or ``[DONE]``."""
        model, content = request.model, behaviour.content
        if request.stream:
            pieces = chat.events(model, content, complete=reset)
            pieces = pieces[: max(len(pieces) // 2, 1)]
            data = _stream_head(keep) + b"".join(map(chunk, pieces))
            if not reset:
                return data + LAST_CHUNK
        else:
            body = chat.completion(model, content)
            data = head("200 OK", _JSON, length=len(body), keep_alive=keep) + body[: len(body) // 2]
        return lambda channel: answers.cut_off(channel, data, reset=reset)

    def _trickle(self, request: ChatRequest, behaviour: Behaviour, keep: bool) -> Answer:
        """Never finish: an event (or one byte of a JSON body) every half second."""
        model = request.model
        if request.stream:
            pieces = chat.trickle_events(model, 120)
            start = _stream_head(keep)
        else:
            body = chat.completion(model, behaviour.content)
            pieces = [body[i : i + 1] for i in range(len(body))]
            start = head("200 OK", _JSON, length=None, keep_alive=keep)
        return lambda channel: answers.trickle(channel, start, pieces, TRICKLE_EVERY_S)

    # counters

    def _count(self, model: str, *, draw: bool) -> str | None:
        """Count a request to ``model``; with ``draw``, the fault it meets (counted too)."""
        with self._lock:
            self.requests[model] += 1
            fault = fault_for(model, self.plan, self._rng) if draw else None
            if fault is not None:
                self.faults[fault] += 1
            return fault

    def _done(self) -> None:
        with self._lock:
            self.answered += 1


def _stream_head(keep: bool) -> bytes:
    return head("200 OK", _SSE, length=None, keep_alive=keep)
