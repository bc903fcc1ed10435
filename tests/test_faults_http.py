"""Fault injection through the real service: ``tierroute serve`` in front of a model server
that answers 500, hangs past the timeout, resets the connection mid-response or cuts its
answer short, called by the ``openai`` SDK, whole and streamed, eight at a time.

Every request ends one of two ways: the correct answer (via a fallback or the next tier),
or a clean 502/503/504 with a message (for a stream that already started, an error event
in the stream). None hangs, none gets a 500, and every fault the server injected shows up
as a failed model call in the service's metrics or as a stream's error: none passes as an
answer.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import openai
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.keyed_service import serve
from tools.openai_stub import FAULT_KINDS, FaultPlan, FaultStub

pytestmark = pytest.mark.anyio

TIMEOUT_S = 2.0
#: 30% 500s, and 8% each of slow answers, connection resets and cut-short answers.
PLAN = FaultPlan(error500=0.30, slow=0.08, reset=0.08, truncated=0.08, slow_s=2 * TIMEOUT_S)
REQUESTS = 120
STREAMED_EVERY = 3  # every third request is streamed
CONCURRENCY = 8
#: Three tiers of two deployments each, every one allowed TIMEOUT_S, plus slack for a busy machine.
WORST_CASE_S = 3 * 2 * TIMEOUT_S + 6


def chaos_policy(base: str) -> str:
    def tier(name: str) -> str:
        deployment = f"api_base: {base}\n    timeout_s: {TIMEOUT_S}\n"
        return (
            f"  {name}:\n    model: openai/chaos-{name}\n    {deployment}"
            "    price: {input_per_mtok: 1.0, output_per_mtok: 2.0}\n"
            "    max_input_tokens: 4000\n    max_output_tokens: 64\n"
            f"    fallbacks:\n      - model: openai/chaos-{name}-fb\n"
            f"        api_base: {base}\n        timeout_s: {TIMEOUT_S}\n"
        )

    return (
        "name: chaos\ntiers:\n"
        + "".join(tier(name) for name in ("small", "mid", "reasoning"))
        + "routing:\n  thresholds: {mid: 1.0, reasoning: 1.0}\n"
        "escalation: {max_steps: 0}\ncache: {enabled: false}\n"
    )


@dataclass
class Outcomes:
    answered: int = 0
    clean_errors: Counter[int] = field(default_factory=Counter)
    stream_errors: Counter[int] = field(default_factory=Counter)
    bad: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    @property
    def total(self) -> int:
        return (
            self.answered
            + sum(self.clean_errors.values())
            + sum(self.stream_errors.values())
            + len(self.bad)
        )


@pytest.fixture(scope="module")
def stub() -> Iterator[FaultStub]:
    with FaultStub(PLAN) as server:
        yield server


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, stub: FaultStub) -> Iterator[str]:
    home = tmp_path_factory.mktemp("faults")
    (home / "policy.yaml").write_text(chaos_policy(stub.base_url))
    with serve(home / "policy.yaml", home / "serve.log") as base:
        yield base


def expected(model: str) -> str:
    return f"stub answer from {model.removeprefix('openai/')}"


async def one_request(client: openai.AsyncOpenAI, index: int, outcomes: Outcomes) -> None:
    messages = [{"role": "user", "content": f"Where is my invoice number {index}?"}]
    started = time.monotonic()
    try:
        if index % STREAMED_EVERY == 0:
            pieces: list[str] = []
            model = finish = None
            stream = await client.chat.completions.create(
                model="auto",
                messages=messages,  # type: ignore[arg-type]
                stream=True,
            )
            try:
                async for chunk in stream:
                    model = chunk.model
                    if chunk.choices:
                        pieces.append(chunk.choices[0].delta.content or "")
                        finish = chunk.choices[0].finish_reason or finish
            except openai.APIError as exc:  # the stream's error event
                code = int((exc.body or {}).get("code", 0))  # type: ignore[union-attr]
                if code in (502, 503, 504) and exc.message:
                    outcomes.stream_errors[code] += 1
                else:
                    outcomes.bad.append(f"#{index}: stream error {code}: {exc.message!r}")
                return
            text = "".join(pieces)
            if finish == "stop" and model is not None and text == expected(model):
                outcomes.answered += 1
            else:
                outcomes.bad.append(f"#{index}: streamed {text!r} from {model} ({finish})")
            return
        completion = await client.chat.completions.create(
            model="auto",
            messages=messages,  # type: ignore[arg-type]
        )
        content = completion.choices[0].message.content
        if content == expected(completion.model):
            outcomes.answered += 1
        else:
            outcomes.bad.append(f"#{index}: answered {content!r} from {completion.model}")
    except openai.APIStatusError as exc:
        message = exc.response.json().get("error", {}).get("message", "")
        if exc.status_code in (502, 503, 504) and message:
            outcomes.clean_errors[exc.status_code] += 1
        else:
            outcomes.bad.append(f"#{index}: {exc.status_code} {exc.response.text[:300]}")
    except openai.APIConnectionError as exc:  # includes the client's own timeout: a hang
        outcomes.bad.append(f"#{index}: no response ({type(exc).__name__}: {exc})")
    finally:
        outcomes.latencies.append(time.monotonic() - started)


def failed_calls(base: str) -> float:
    """Failed model calls the service counted (``tierroute_backend_errors``)."""
    text = httpx.get(f"{base}/metrics", timeout=10).text
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        if family.name == "tierroute_backend_errors"
        for sample in family.samples
        if sample.name.endswith("_total")
    )


async def test_every_request_is_answered_or_cleanly_refused(service: str, stub: FaultStub) -> None:
    outcomes = Outcomes()
    gate = asyncio.Semaphore(CONCURRENCY)
    async with openai.AsyncOpenAI(
        base_url=f"{service}/v1", api_key="unused", max_retries=0, timeout=60
    ) as client:

        async def limited(index: int) -> None:
            async with gate:
                await one_request(client, index, outcomes)

        await asyncio.gather(*(limited(i) for i in range(REQUESTS)))

    counts = stub.counts()
    print(
        f"sent {REQUESTS}: answered {outcomes.answered}, clean errors "
        f"{dict(outcomes.clean_errors)}, stream errors {dict(outcomes.stream_errors)}, "
        f"slowest {max(outcomes.latencies):.1f} s; model server: {counts}"
    )
    assert outcomes.bad == []
    assert outcomes.total == REQUESTS
    assert max(outcomes.latencies) < WORST_CASE_S, "a request took longer than its timeouts allow"
    # the faults happened, at about the planned rate (54% of the model calls)
    assert all(counts["faults"].get(kind, 0) > 0 for kind in FAULT_KINDS), counts
    assert 0.35 < counts["faults_total"] / counts["requests"] < 0.75, counts
    # six deployments must all fail for a whole answer to go unanswered (0.54**6: 2.5%); a
    # stream that broke after it began cannot be retried (0.16 / (1 - 0.38): 26% of the
    # streams). About 108 of 120 are expected; fewer than 96 is not chance.
    assert outcomes.answered >= 0.80 * REQUESTS
    # every injected fault was seen as a failure, and nothing else failed: no fault passed
    # for an answer, and no healthy call was refused
    assert failed_calls(service) + sum(outcomes.stream_errors.values()) == counts["faults_total"]
    assert counts["answered"] == outcomes.answered


async def test_a_forced_tier_that_keeps_failing_is_a_clean_503(
    service: str, stub: FaultStub
) -> None:
    before = stub.plan
    stub.plan = FaultPlan(error500=0.5, reset=0.5)  # every call to a chaos model fails
    try:
        async with httpx.AsyncClient(base_url=service, timeout=60) as client:
            started = time.monotonic()
            response = await client.post(
                "/v1/chat/completions",
                json={"model": "mid", "messages": [{"role": "user", "content": "hi"}]},
            )
            elapsed = time.monotonic() - started
    finally:
        stub.plan = before
    assert response.status_code == 503
    message = response.json()["error"]["message"]
    # a 500 is a BackendError, a reset connection BackendUnavailable
    assert re.match(
        r"every deployment failed \(mid/openai/chaos-mid: Backend(Error|Unavailable)", message
    )
    assert "mid/openai/chaos-mid-fb: " in message and "Traceback" not in message
    assert elapsed < 2 * TIMEOUT_S + 3
