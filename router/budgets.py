"""Per-tier token budgets: clamp output, reject or trim input, pick the reasoning budget."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from router.errors import BudgetExceeded
from router.policy import Tier, TierName

__all__ = ["fit_input", "output_budget"]

CountTokens = Callable[[list[dict[str, Any]]], int]


def output_budget(requested: int | None, tier: Tier) -> int:
    """``max_tokens`` for the call: what was asked, never above the tier's budget."""
    if requested is None:
        return tier.max_output_tokens
    return min(requested, tier.max_output_tokens)


def _shorten(text: str, keep: float) -> str:
    """Keep the start and the end of ``text`` (about ``keep`` of it), cut the middle."""
    if keep <= 0:
        return ""
    n = max(int(len(text) * keep), 1)
    head = n // 2
    tail = n - head
    return text[:head] + "\n[…]\n" + text[len(text) - tail :] if tail else text[:head]


def fit_input(
    messages: list[dict[str, Any]], tier_name: TierName, tier: Tier, count: CountTokens
) -> tuple[list[dict[str, Any]], int, bool]:
    """Make ``messages`` fit the tier's input budget.

    Returns ``(messages, prompt_tokens, trimmed)``. With ``input_overflow: reject`` an
    oversized input raises :class:`BudgetExceeded` saying by how much; with ``trim``
    the oldest non-system turns are dropped, then the last message is cut in the middle.
    """
    budget = tier.max_input_tokens
    tokens = count(messages)
    if tokens <= budget:
        return messages, tokens, False
    if tier.input_overflow == "reject":
        raise BudgetExceeded(
            f"input is {tokens} tokens but tier {tier_name!r} allows {budget} "
            f"(tiers.{tier_name}.max_input_tokens); shorten it by {tokens - budget} tokens"
        )
    trimmed = [dict(m) for m in messages]
    while tokens > budget:
        droppable = [i for i, m in enumerate(trimmed[:-1]) if m.get("role") != "system"]
        if not droppable:
            break
        del trimmed[droppable[0]]
        tokens = count(trimmed)
    last = trimmed[-1]
    original = last.get("content")
    if tokens > budget and isinstance(original, str) and original:
        # the largest share of the last message that fits: a bisection over its length
        low, high = 0.0, 1.0
        best = _shorten(original, 0.0)
        for _ in range(14):
            keep = (low + high) / 2
            last["content"] = _shorten(original, keep)
            if count(trimmed) <= budget:
                low, best = keep, last["content"]
            else:
                high = keep
        last["content"] = best
        tokens = count(trimmed)
    if tokens > budget:
        raise BudgetExceeded(
            f"input is {tokens} tokens even after trimming; tier {tier_name!r} allows "
            f"{budget} (tiers.{tier_name}.max_input_tokens)"
        )
    return trimmed, tokens, True
