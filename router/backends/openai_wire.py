"""The OpenAI chat protocol's answers read into tierroute's typed values: a whole
completion, a streamed chunk's piece, the usage block (for the direct path and for
litellm's responses, which have the same shape)."""

from __future__ import annotations

from typing import Any

from router.backends.calls import ModelAnswer, StreamDelta, Usage
from router.errors import BackendError

__all__ = ["FINISH_REASONS", "answer_of", "chunk_delta", "mean_logprob", "usage_of"]

FINISH_REASONS = {"stop", "length", "content_filter", "tool_calls"}


def usage_of(value: Any) -> Usage | None:
    """The usage block of an OpenAI answer (with its cached and reasoning token details)."""
    if not isinstance(value, dict):
        return None
    prompt = value.get("prompt_tokens_details")
    completion = value.get("completion_tokens_details")
    return Usage(
        prompt_tokens=int(value.get("prompt_tokens") or 0),
        completion_tokens=int(value.get("completion_tokens") or 0),
        cached_tokens=int((prompt or {}).get("cached_tokens") or 0)
        if isinstance(prompt, dict)
        else 0,
        reasoning_tokens=int((completion or {}).get("reasoning_tokens") or 0)
        if isinstance(completion, dict)
        else 0,
    )


def _token_logprobs(choice: dict[str, Any]) -> list[dict[str, Any]] | None:
    logprobs = choice.get("logprobs")
    content = logprobs.get("content") if isinstance(logprobs, dict) else None
    return [t for t in content if isinstance(t, dict)] if isinstance(content, list) else None


def mean_logprob(tokens: list[dict[str, Any]] | None) -> float | None:
    """The mean log-probability of ``tokens`` (OpenAI's ``logprobs.content``)."""
    values = [float(t["logprob"]) for t in tokens or () if "logprob" in t]
    return sum(values) / len(values) if values else None


def answer_of(model: str, payload: Any) -> ModelAnswer:
    """The answer in a chat completion body."""
    try:
        choice = payload["choices"][0]
        message = choice["message"]
        content = message.get("content") or ""
    except (KeyError, IndexError, TypeError, AttributeError) as exc:
        raise BackendError(f"{model} answered without a choice: not a chat completion") from exc
    finish = choice.get("finish_reason")
    calls = message.get("tool_calls")
    legacy = message.get("function_call")
    if not calls and isinstance(legacy, dict):  # a server that answers the deprecated shape
        calls = [{"id": "call_0", "type": "function", "function": legacy}]
        finish = "tool_calls"
    tokens = _token_logprobs(choice)
    return ModelAnswer(
        model=model,
        content=str(content),
        finish_reason=finish if finish in FINISH_REASONS else "stop",
        usage=usage_of(payload.get("usage")) or Usage(),
        mean_logprob=mean_logprob(tokens),
        logprobs=tokens,
        tool_calls=[c for c in calls if isinstance(c, dict)] if isinstance(calls, list) else None,
    )


def chunk_delta(choice: dict[str, Any]) -> StreamDelta | None:
    """The piece of answer in one streamed choice (text, tool-call pieces, logprobs), or
    ``None`` when it has none."""
    delta = choice.get("delta") or {}
    text = delta.get("content") or ""
    calls = delta.get("tool_calls") or None
    legacy = delta.get("function_call")
    if not calls and isinstance(legacy, dict):
        calls = [{"index": 0, "function": legacy}]
    tokens = _token_logprobs(choice) or None
    if not (text or calls or tokens):
        return None
    return StreamDelta(content=str(text), tool_calls=calls, logprobs=tokens)
