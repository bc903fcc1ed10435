"""The embedded model decodes concurrent calls together (router/backends/llama_batch.py),
on the real SmolLM2 model: answers come whole and streamed with their usage, several
generations share each decoding step, a tier's fixed system prompt is computed once, the
same prompt gets the same answer alone or among others, and a caller who leaves frees
its slot.

Answers are not always the same with batching as without at temperature 0: llama.cpp's
CPU kernels for a batch of several rows differ from those for one row in the last bits of
the logits, and where two tokens nearly tie, greedy decoding can pick the other one (on
eight helpdesk prompts, four answers were identical and the others parted after 53 to 292
characters). The same prompt decoded in one batch is identical in every row.
"""

from __future__ import annotations

import asyncio
from contextlib import aclosing

from router.backends.calls import ModelCall
from router.backends.embedded import EmbeddedBackend
from router.policy.model import Deployment

MODEL = "embedded/smollm2-135m-instruct"
SYSTEM = "You are a helpdesk assistant. Answer the customer's ticket in at most 3 sentences."
TICKETS = [
    "How do I reset my password?",
    "My invoice shows the wrong VAT number, how can I fix it?",
    "Can I add a second admin to my account?",
    "Where can I download last month's invoice?",
]


def _call(text: str, max_tokens: int = 48, **extra: object) -> ModelCall:
    messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": text}]
    return ModelCall(
        deployment=Deployment(model=MODEL, timeout_s=300),
        messages=messages,
        max_tokens=max_tokens,
        temperature=0.0,
        repeat_penalty=1.2,
        **extra,  # type: ignore[arg-type]
    )


def test_concurrent_calls_share_the_decoding_steps() -> None:
    async def run() -> None:
        backend = EmbeddedBackend(parallel=4)
        try:
            answers = await asyncio.gather(*(backend.complete(_call(t)) for t in TICKETS))
            answers.append(await backend.complete(_call("Can I pay by bank transfer?")))
            engine = next(iter(backend._models.values())).batched
            assert engine is not None
            stats = dict(engine.stats)
        finally:
            await backend.aclose()
        for answer in answers:
            assert answer.content.strip()
            assert answer.finish_reason in ("stop", "length")
            assert 0 < answer.usage.completion_tokens <= 48
            assert answer.usage.prompt_tokens > 20
        generated = sum(a.usage.completion_tokens for a in answers)
        assert stats["most_together"] == 4
        assert stats["steps"] < generated  # one step decodes a token of several answers
        assert stats["prefix_reused"] > 20  # the last call reused the system prompt's cells

    asyncio.run(run())


def test_the_same_prompt_gets_the_same_answer_alone_and_in_a_batch() -> None:
    # at temperature 0 a batch's kernels change the last bits of the logits, so a near-tie
    # late in an answer may flip (BENCHMARKS.md §12); a batch that mixed up positions or
    # cells would differ from the first tokens on
    async def run() -> None:
        backend = EmbeddedBackend(parallel=4)
        try:
            alone = (await backend.complete(_call(TICKETS[0]))).content
            together = await asyncio.gather(
                *(backend.complete(_call(TICKETS[0])) for _ in range(4))
            )
        finally:
            await backend.aclose()
        assert len(alone) > 100
        for answer in together:
            assert _shared_start(alone, answer.content) >= len(alone) // 2

    asyncio.run(run())


def test_a_caller_who_leaves_frees_its_slot_and_streams_end_with_usage() -> None:
    async def run() -> None:
        backend = EmbeddedBackend(parallel=2)
        try:
            for _ in range(3):  # more callers leave than there are slots
                async with aclosing(backend.stream(_call(TICKETS[1], max_tokens=200))) as stream:
                    async for _delta in stream:
                        break
            pieces = []
            async with aclosing(backend.stream(_call(TICKETS[2]))) as stream:
                async for delta in stream:
                    pieces.append(delta)
            answers = await asyncio.gather(*(backend.complete(_call(t)) for t in TICKETS[:2]))
        finally:
            await backend.aclose()
        assert "".join(p.content for p in pieces).strip()
        last = pieces[-1]
        assert last.finish_reason in ("stop", "length") and last.usage is not None
        assert last.usage.completion_tokens > 0
        assert all(a.content.strip() for a in answers)

    asyncio.run(run())


def test_json_output_takes_the_grammar_path() -> None:
    async def run() -> None:
        backend = EmbeddedBackend(parallel=4)
        try:
            call = _call(
                "Reply with a JSON object with a key answer.",
                max_tokens=32,
                response_format={"type": "json_object"},
            )
            answer = await backend.complete(call)
        finally:
            await backend.aclose()
        assert answer.content.strip().startswith("{")

    asyncio.run(run())


def _shared_start(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` begin with in common."""
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
