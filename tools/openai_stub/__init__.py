"""One OpenAI-protocol stub server for the tests and the benchmarks.

A real HTTP server (plain asyncio speaking HTTP/1.1 with keep-alive) that answers chat
completions, whole and streamed, and misbehaves on request: the model name picks the
behaviour (:mod:`tools.openai_stub.behaviours`: ``ok-*`` answers, ``fail500``, ``slow``,
``delay-<ms>``, ``length``, ``refuse``, ``json``, ``notjson``, ``lowconf``, ``trickle``,
and ``stub``, the benchmarks' fixed answer), ``chaos-*`` models meet faults drawn from a
seeded :class:`FaultPlan` (500s, slow answers, TCP resets and cut-short answers mid-
response) and ``down-*`` models always answer 500 (:mod:`tools.openai_stub.faults`). Like
OpenAI, it answers 400 to a message key the chat protocol does not define for the
message's role. It counts requests per model, faults per kind and complete answers, and
keeps the request bodies, so that tests can assert on what was called and sent.

- In a test: ``with StubServer() as stub:`` (or ``FaultStub(plan)``, the same server) runs
  it in a background thread on a free port; ``stub.base_url``, ``stub.calls``,
  ``stub.bodies``, ``stub.counts()``.
- In a benchmark: ``python -m tools.openai_stub --port N`` runs it in a process of its own
  (``GET /healthz``, ``GET /stats``).

Modules: :mod:`~tools.openai_stub.connection` (HTTP/1.1),
:mod:`~tools.openai_stub.chat` (the chat protocol's requests and answers),
:mod:`~tools.openai_stub.behaviours`, :mod:`~tools.openai_stub.faults`,
:mod:`~tools.openai_stub.answers` (answers that take time), :mod:`~tools.openai_stub.server`
(routes, counters, the fast path), :mod:`~tools.openai_stub.thread` (the thread runner).
"""

from tools.openai_stub.faults import FAULT_KINDS, FaultPlan
from tools.openai_stub.server import OpenAIStub
from tools.openai_stub.thread import FaultStub, StubServer, free_port

__all__ = ["FAULT_KINDS", "FaultPlan", "FaultStub", "OpenAIStub", "StubServer", "free_port"]
