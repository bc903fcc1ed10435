"""Typed values that cross the engine/backend boundary: one model call, its answer, and the
record of how the call went (an :class:`Attempt`, which metrics and spend count)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from router.policy.model import Deployment, ReasoningBudget, TierName

__all__ = [
    "Attempt",
    "ModelAnswer",
    "ModelCall",
    "StreamDelta",
    "Usage",
    "close_stream",
    "merged_tool_calls",
    "tool_call_deltas",
]

FinishReason = Literal["stop", "length", "content_filter", "tool_calls"]


#: The fields of a call passed as they are to a backend that speaks OpenAI's chat
#: protocol (directly or through litellm), when set.
OPENAI_CALL_FIELDS = (
    "temperature",
    "top_p",
    "frequency_penalty",
    "presence_penalty",
    "stop",
    "seed",
    "response_format",
    "tools",
    "tool_choice",
    "parallel_tool_calls",
)


class ModelCall(BaseModel):
    """One request to one deployment, after budgets were applied."""

    model_config = ConfigDict(frozen=True)
    deployment: Deployment
    messages: list[dict[str, Any]]
    max_tokens: int = Field(gt=0)
    temperature: float | None = None
    top_p: float | None = None
    repeat_penalty: float | None = None
    frequency_penalty: float | None = None
    presence_penalty: float | None = None
    stop: list[str] | None = None
    seed: int | None = None
    response_format: dict[str, Any] | None = None
    #: Stop the answer when it loops (a run of ``ngram`` words said ``times`` times), where
    #: the backend generates it here: ``(ngram, times)``.
    stop_loops: tuple[int, int] | None = None
    #: Stop the answer once it holds this many sentences (the tier's ``max_sentences``),
    #: where the backend generates it here.
    max_sentences: int | None = None
    logprobs: bool = False
    #: How many most likely tokens per position to return with the logprobs (0-20).
    top_logprobs: int | None = None
    #: Function tools the model may call, ``tool_choice`` and ``parallel_tool_calls``, in
    #: the OpenAI chat protocol's shape (passed as the caller sent them).
    tools: list[dict[str, Any]] | None = None
    tool_choice: str | dict[str, Any] | None = None
    parallel_tool_calls: bool | None = None
    reasoning: ReasoningBudget | None = None
    #: The request's metadata (ticket fields, ``row_id`` for replay).
    metadata: dict[str, str] = Field(default_factory=dict)


class Usage(BaseModel):
    """Token counts of one call (or the sum of several)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    #: Prompt tokens the provider read from its prompt cache (priced at its cached rate).
    cached_tokens: int = 0
    #: Completion tokens spent on reasoning (counted in ``completion_tokens`` too).
    reasoning_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cached_tokens=self.cached_tokens + other.cached_tokens,
            reasoning_tokens=self.reasoning_tokens + other.reasoning_tokens,
        )


class ModelAnswer(BaseModel):
    """What a backend answered: the text, why it stopped, its tokens, and (where the backend
    gives them) the mean log-probability and the cost."""

    model_config = ConfigDict(frozen=True)
    model: str
    content: str
    finish_reason: FinishReason = "stop"
    usage: Usage = Field(default_factory=Usage)
    #: Mean log-probability of the generated tokens, where the backend gave logprobs.
    mean_logprob: float | None = None
    #: The tokens' log-probabilities as the provider gave them (OpenAI's
    #: ``logprobs.content`` list), where they were asked for.
    logprobs: list[dict[str, Any]] | None = None
    #: The tools the answer calls (OpenAI's ``tool_calls``: ``id``, ``type``, ``function``
    #: with ``name`` and JSON ``arguments``).
    tool_calls: list[dict[str, Any]] | None = None
    #: What the call cost, where the backend knows it (replay); else priced by the tier.
    cost_usd: float | None = None
    #: The answer looped and was stopped (or cut) where the loop began.
    looped: bool = False
    #: Seconds from the call to the answer's first text, where the backend generated it as
    #: a stream (waiting for the model included).
    first_token_s: float | None = None


class StreamDelta(BaseModel):
    """A piece of a streamed answer; the last one carries finish reason and usage."""

    model_config = ConfigDict(frozen=True)
    content: str = ""
    #: Tool-call pieces exactly as OpenAI streams them (``index``; ``id``, ``type`` and the
    #: function's ``name`` in a call's first piece; ``arguments`` in parts).
    tool_calls: list[dict[str, Any]] | None = None
    #: The log-probabilities of this piece's tokens, where they were asked for.
    logprobs: list[dict[str, Any]] | None = None
    finish_reason: FinishReason | None = None
    usage: Usage | None = None
    #: On the last piece: the answer looped and was stopped there.
    looped: bool = False


class Attempt(BaseModel):
    """One call the engine made: which tier and model, and how it went."""

    tier: TierName
    model: str
    outcome: Literal["answered", "escalated", "failed"]
    reason: str | None = None
    latency_ms: float
    #: Milliseconds to the answer's first text, where the backend says (see ModelAnswer).
    first_token_ms: float | None = None
    usage: Usage = Field(default_factory=Usage)
    cost_usd: float = 0.0


async def close_stream(stream: AsyncIterator[StreamDelta]) -> None:
    """Close a stream that may not have been read to its end (an async generator's
    ``finally`` blocks then run now, not when it is garbage-collected): a stream that
    wraps another closes it this way when it is closed itself."""
    aclose = getattr(stream, "aclose", None)
    if aclose is not None:
        await aclose()


def merged_tool_calls(pieces: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Whole tool calls from streamed pieces: by ``index``, the first piece's ``id``,
    ``type`` and ``name``, the ``arguments`` joined."""
    calls: dict[int, dict[str, Any]] = {}
    for piece in pieces:
        index = int(piece.get("index", 0))
        call = calls.setdefault(
            index, {"id": "", "type": "function", "function": {"name": "", "arguments": ""}}
        )
        if piece.get("id"):
            call["id"] = piece["id"]
        if piece.get("type"):
            call["type"] = piece["type"]
        function = piece.get("function") or {}
        if function.get("name"):
            call["function"]["name"] = function["name"]
        call["function"]["arguments"] += function.get("arguments") or ""
    return [calls[index] for index in sorted(calls)]


def tool_call_deltas(calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Whole tool calls as stream pieces: one per call, with its index."""
    return [{"index": index, **call} for index, call in enumerate(calls)]
