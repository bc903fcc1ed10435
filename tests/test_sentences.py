"""Answers of at most N sentences: where the N-th ends, watched piece by piece, and the
embedded model stopped there (live, on tickets it answers at length otherwise)."""

from __future__ import annotations

import asyncio

import pytest

from router.sentences import SentenceLimit, sentence_end

TICKET = (
    "Hello, I cannot log in to my account since this morning. I reset my password twice "
    "and the reset link does not arrive. What can I do?"
)


@pytest.mark.parametrize(
    ("text", "limit", "end"),
    [
        ("One. Two! Three? Four.", 3, len("One. Two! Three?")),
        ("Only one sentence so far.", 1, None),  # no white space after the mark yet
        ("Only one sentence so far. ", 1, len("Only one sentence so far.")),
        ("Use 3.5 or later. Then restart. ", 1, len("Use 3.5 or later.")),
        (
            "1. Open Settings.\n2. Choose Security.\n",
            2,
            len("1. Open Settings.\n2. Choose Security."),
        ),
        ("Try a browser, e.g. Firefox. Then retry. ", 1, len("Try a browser, e.g. Firefox.")),
        ('He said "stop." Then left. ', 1, len('He said "stop."')),
        ("Wait... really? ", 2, len("Wait... really?")),
        ("请重启。然后重试。", 2, len("请重启。然后重试。")),
        ("Two sentences. Not three. ", 3, None),
        # a line that ends without a mark is a sentence; a mark then a line break is one
        ("Steps:\nOpen Settings\nChoose Security\n", 2, len("Steps:\nOpen Settings")),
        ("Done.\n\nBest regards,\n<name>\n", 2, len("Done.\n\nBest regards,")),
        ("No line ends yet", 1, None),
        ("See the guide (e.g., Settings). Then retry. ", 1, len("See the guide (e.g., Settings).")),
    ],
)
def test_the_nth_sentence_end_is_found(text: str, limit: int, end: int | None) -> None:
    assert sentence_end(text, limit) == end


def test_a_growing_answer_is_watched_piece_by_piece() -> None:
    watch = SentenceLimit(2)
    pieces = ["Please", " reset", " it.", " Then", " log", " in", " again.", " Next"]
    stopped_at = next(i for i, piece in enumerate(pieces) if watch.add(piece))
    assert stopped_at == len(pieces) - 1  # the white space after "again." shows the end
    assert "".join(pieces)[: watch.cut_at] == "Please reset it. Then log in again."


def test_the_embedded_model_stops_at_its_sentence_limit() -> None:
    """The real model, asked for a long answer, with and without a two-sentence limit:
    with it, the answer ends where its second sentence ends, finish ``stop``, and its
    usage counts only the tokens kept."""
    from router.backends.calls import ModelCall
    from router.backends.embedded import EmbeddedBackend
    from router.policy.model import Deployment

    backend = EmbeddedBackend()
    messages = [
        {"role": "system", "content": "Explain in detail, step by step, in many sentences."},
        {"role": "user", "content": TICKET},
    ]
    deployment = Deployment(model="embedded/smollm2-135m-instruct", timeout_s=120)

    def call(limit: int | None) -> ModelCall:
        return ModelCall(
            deployment=deployment,
            messages=messages,
            max_tokens=160,
            temperature=0.0,
            repeat_penalty=1.2,
            max_sentences=limit,
        )

    async def both() -> tuple[str, str, int, int, str]:
        try:
            free = await backend.complete(call(None))
            limited = await backend.complete(call(2))
        finally:
            await backend.aclose()
        return (
            free.content,
            limited.content,
            free.usage.completion_tokens,
            limited.usage.completion_tokens,
            limited.finish_reason,
        )

    free, limited, free_tokens, limited_tokens, finish = asyncio.run(both())
    assert sentence_end(free + " ", 3) is not None, free  # unlimited, it says more
    assert finish == "stop"
    assert sentence_end(limited + "\n", 2) == len(limited), limited
    assert free.startswith(limited), (free, limited)  # same tokens, at temperature 0
    assert 0 < limited_tokens < free_tokens
