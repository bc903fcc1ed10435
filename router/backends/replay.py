"""The replay backend: serve the answers recorded in outcome data, by row id.

Model ids are ``replay/<data tier>`` (``replay/small``, ``replay/mid``, ``replay/large``);
the row comes from the request's metadata ``row_id``. A tier whose answer text was not
recorded (the data README: the top tier usually is not) answers with a marker
(which does not reveal its score). Cost is the row's recorded ``cost_usd`` for that tier.
Offline evaluation then runs the real engine — budgets, escalation, fallbacks — over
recorded data, and a cascade pays for every tier it called.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from classifiers.datasets import DataFormatError, OutcomeRow, read_outcomes
from router.backends.calls import ModelAnswer, ModelCall, StreamDelta, Usage
from router.errors import BackendError, ConfigError
from router.messages import estimated_tokens

__all__ = ["PREFIX", "ReplayBackend", "recorded_answer", "recorded_output_tokens"]

PREFIX = "replay/"


def recorded_answer(row: OutcomeRow, tier: str) -> str:
    """The answer ``tier`` gave on ``row``, or a marker where it was not recorded (the
    marker never reveals the score, so no escalation signal can read it)."""
    content = row.responses.get(tier)
    if content is None:
        return f"[recorded answer of tier {tier} not stored]"
    return content


def recorded_output_tokens(row: OutcomeRow, tier: str) -> int:
    """The tokens of ``tier``'s recorded answer on ``row`` (0 where none was recorded: its
    length is not known, and the marker that stands for it is not priced)."""
    content = row.responses.get(tier)
    return estimated_tokens(content) if content is not None else 0


class ReplayBackend:
    """Answers ``replay/<tier>`` calls from outcome rows."""

    def __init__(self, rows: list[OutcomeRow], *, source: str = "<rows>") -> None:
        self.rows = {row.id: row for row in rows}
        self.source = source

    @classmethod
    def from_file(cls, path: Path) -> ReplayBackend:
        """Load every row of an outcome-data file."""
        try:
            return cls(read_outcomes(path), source=str(path))
        except DataFormatError as exc:
            raise ConfigError(f"replay data: {exc}") from exc

    def _answer(self, call: ModelCall) -> ModelAnswer:
        tier = call.deployment.model.removeprefix(PREFIX)
        row_id = call.metadata.get("row_id")
        if row_id is None:
            raise BackendError("replay backend needs the request metadata `row_id`")
        row = self.rows.get(row_id)
        if row is None:
            raise BackendError(f"row {row_id!r} is not in the replay data {self.source}")
        if tier not in row.scores:
            raise BackendError(
                f"row {row_id!r} has no outcome for tier {tier!r}; it has "
                f"{', '.join(sorted(row.scores))}"
            )
        content = recorded_answer(row, tier)
        prompt = " ".join(str(m.get("content", "")) for m in call.messages)
        return ModelAnswer(
            model=call.deployment.model,
            content=content,
            finish_reason="stop",
            usage=Usage(
                prompt_tokens=estimated_tokens(prompt),
                completion_tokens=recorded_output_tokens(row, tier),
            ),
            cost_usd=row.cost_usd.get(tier),
        )

    def count_tokens(self, messages: list[dict[str, Any]], model: str) -> int:
        """About four characters a token."""
        return sum(estimated_tokens(str(m.get("content", ""))) for m in messages)

    async def complete(self, call: ModelCall) -> ModelAnswer:
        """The recorded answer."""
        return self._answer(call)

    async def stream(self, call: ModelCall) -> AsyncIterator[StreamDelta]:
        """The recorded answer in one piece, then the finish."""
        answer = self._answer(call)
        yield StreamDelta(content=answer.content)
        yield StreamDelta(finish_reason=answer.finish_reason, usage=answer.usage)

    async def aclose(self) -> None:
        """Nothing to release."""
