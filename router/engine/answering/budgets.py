"""Per-tier token budgets: clamp output, reject or trim input, pick the reasoning budget."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from router.errors import BudgetExceeded
from router.policy.model import Tier, TierName

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


def _fit_text(text: str, allowed: int, count: CountTokens, message: dict[str, Any]) -> str:
    """The largest middle-cut of ``text`` whose message costs at most ``allowed`` tokens."""

    def cost(candidate: str) -> int:
        return count([{**message, "content": candidate}])

    full = cost(text)
    # start near the answer (tokens scale with length) so only short candidates are counted
    low, high = 0.0, min(1.0, 2.0 * max(allowed, 0) / max(full, 1))
    best = _shorten(text, 0.0)
    if cost(_shorten(text, high)) <= allowed:
        return _shorten(text, high)
    for _ in range(14):
        keep = (low + high) / 2
        candidate = _shorten(text, keep)
        if cost(candidate) <= allowed:
            low, best = keep, candidate
        else:
            high = keep
    return best


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
    costs = [count([m]) for m in trimmed]  # each message counted once: linear, not quadratic
    overhead = tokens - sum(costs)
    while sum(costs) + overhead > budget:
        droppable = next((k for k, m in enumerate(trimmed[:-1]) if m.get("role") != "system"), None)
        if droppable is None:
            break
        del trimmed[droppable]
        del costs[droppable]
    tokens = count(trimmed)
    last = trimmed[-1]
    original = last.get("content")
    if tokens > budget and isinstance(original, str) and original:
        last["content"] = _fit_text(original, budget - (tokens - costs[-1]), count, last)
        tokens = count(trimmed)
    if tokens > budget:
        raise BudgetExceeded(
            f"input is {tokens} tokens even after trimming; tier {tier_name!r} allows "
            f"{budget} (tiers.{tier_name}.max_input_tokens)"
        )
    return trimmed, tokens, True
