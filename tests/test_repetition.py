"""Answers that loop: found, stopped, escalated, or cut where the loop began and marked.

The looping answers are real: the Spanish one is the embedded model's own (quoted in
issue 16); the embedded model is also run live and must never hand back a looping answer.
Over HTTP the stub's ``loop`` model says one sentence until its token limit.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from router.repetition import LoopCheck, loop_start
from tests.keyed_service import serve
from tests.stub_policies import stub_tier
from tools.openai_stub import StubServer

SPANISH = (
    "El servicio de consultoría de TI está encontrado de la información que está encontrado. " * 6
)
#: Tickets (written for this test) that the embedded model, at temperature 0, answers on
#: the mid tier by saying one phrase until its token budget ends.
LOOPING_TICKETS = [
    (
        "Zoom Anrufe",
        "Hallo, bei Zoom-Anrufen friert das Video ständig ein. Können Sie mir helfen? Danke.",
    ),
    (
        "Servicios de IT",
        "Buenos días, quisiera información sobre este tipo de servicios de IT para pequeñas "
        "empresas. Saludos.",
    ),
]
STEPS = (
    "1. Open Settings. 2. Choose Security. 3. Choose Reset password. 4. Check your inbox "
    "for the reset link, and the spam folder if it is not there."
)


def loops(text: str, ngram: int = 4, times: int = 4) -> bool:
    """The issue's test of a looping answer: some run of 4 words said 4 times."""
    words = re.findall(r"\w+", text.casefold())
    runs = Counter(tuple(words[i : i + ngram]) for i in range(len(words) - ngram + 1))
    return any(count >= times for count in runs.values())


def test_a_loop_is_found_where_it_begins() -> None:
    start = loop_start("Hola. " + SPANISH)
    assert start is not None
    kept = ("Hola. " + SPANISH)[:start]
    assert kept.startswith("Hola. El servicio de consultoría")
    assert not loops(kept) and loops("Hola. " + SPANISH)
    assert loop_start(STEPS) is None
    assert loop_start("") is None
    # a word said over and over is one run, not many overlapping ones
    assert loop_start("no " * 40) is not None
    assert loop_start("no " * 7) is None


def test_a_growing_answer_is_watched_piece_by_piece() -> None:
    watch = LoopCheck(every=16)
    pieces = [SPANISH[i : i + 7] for i in range(0, len(SPANISH), 7)]
    stopped_at = next(i for i, piece in enumerate(pieces) if watch.add(piece))
    assert stopped_at < len(pieces) - 1  # stopped before the answer ended
    assert watch.cut_at is not None and not loops(SPANISH[: watch.cut_at])
    quiet = LoopCheck(every=1000)
    quiet.add(STEPS)
    assert not quiet.finish()


@pytest.fixture(scope="module")
def service(stub: StubServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """small loops, mid answers; reasoning loops too (it cannot escalate: it is cut)."""
    folder = tmp_path_factory.mktemp("loops")
    policy = folder / "policy.yaml"
    base = stub.base_url
    policy.write_text(
        "name: loops\ntiers:\n"
        + stub_tier("small", "loop", base)
        + stub_tier("mid", "ok-mid", base)
        + stub_tier("reasoning", "loop", base)
        + "routing:\n  thresholds: {mid: 1.0, reasoning: 1.0}\n"
        "escalation: {max_steps: 1}\ncache: {enabled: true, only_deterministic: false}\n"
    )
    with serve(policy, folder / "serve.log") as url:
        yield url


def _ask(url: str, model: str, **extra: object) -> httpx.Response:
    body = {"model": model, "messages": [{"role": "user", "content": "My wifi drops."}]}
    return httpx.post(f"{url}/v1/chat/completions", json={**body, **extra}, timeout=30)


def test_a_looping_answer_escalates(service: str) -> None:
    response = _ask(service, "auto")
    assert response.status_code == 200
    body = response.json()
    assert body["tierroute"]["escalations"] == ["small->mid: repetition"]
    assert body["choices"][0]["message"]["content"] == "stub answer from ok-mid"
    assert response.headers["x-tierroute-looped"] == "false"


def test_a_looping_answer_that_cannot_escalate_is_cut_and_marked(service: str) -> None:
    first = _ask(service, "reasoning")
    assert first.status_code == 200
    body = first.json()
    answer = body["choices"][0]["message"]["content"]
    assert answer.startswith("Check the cable. Then restart the router and wait.")
    assert not loops(answer)
    assert body["choices"][0]["finish_reason"] == "stop"
    assert body["tierroute"]["looped"] is True
    assert first.headers["x-tierroute-looped"] == "true"
    again = _ask(service, "reasoning")  # a cut answer is not kept in the cache
    assert again.headers["x-tierroute-cache"] == "miss"
    metrics = httpx.get(f"{service}/metrics").text
    assert 'tierroute_looped_answers_total{tier="reasoning"} 2.0' in metrics
    assert 'tierroute_escalations_total{from_tier="small",reason="repetition"}' in metrics


def test_the_embedded_model_hands_back_no_looping_answer(tmp_path: Path) -> None:
    """Real tickets the embedded model loops on at temperature 0: with the signal on,
    no final answer loops, and the loop is counted in the batch report."""
    import asyncio
    import json

    from router import Router, load_policy
    from router.pipeline.batch import run_batch
    from router.pipeline.tickets import Ticket

    # without the default's repeat penalty and sentence limit, which make loops rarer
    policy = load_policy("policies/default.yaml")
    tiers = {
        name: policy.tier(name).model_copy(update={"repeat_penalty": None, "max_sentences": None})
        for name in ("small", "mid", "reasoning")
    }
    router = Router(policy.model_copy(update={"tiers": policy.tiers.model_copy(update=tiers)}))
    tickets = [
        Ticket(id=str(i), subject=subject, body=body)
        for i, (subject, body) in enumerate(LOOPING_TICKETS)
    ]
    out = tmp_path / "answers.jsonl"
    report = asyncio.run(run_batch(router, tickets, out, concurrency=1))
    asyncio.run(router.aclose())
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert report.answered == len(tickets)
    assert report.looping_answers >= 1
    assert report.escalation_reasons.get("repetition", 0) + report.looped_final >= 1
    for result in results:
        assert not loops(result["answer"]), result
    # each tier that answered says how long its first text took, per ticket and overall
    assert all(set(r["first_token_s"]) == set(r["called"]) for r in results), results
    for tier, timing in report.first_token.items():
        assert 0 < timing.p50_s <= timing.p99_s, (tier, timing)
    assert set(report.first_token) == {t for r in results for t in r["called"]}
