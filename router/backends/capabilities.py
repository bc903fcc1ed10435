"""What a tier's model can do: take tools, read images, answer to a JSON schema, give
log-probabilities, reason, and how long its context is.

The policy's ``capabilities`` on the tier come first; then what the backend is known to
take (the embedded model reads text only and calls no tools); then litellm's model info
for models it knows. A model litellm does not know, served by an OpenAI-compatible server
(vLLM, llama.cpp server, Ollama, a gateway), is taken to do what the protocol offers:
the policy says otherwise where it cannot.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from router.policy.model import Tier

__all__ = ["Capabilities", "Capability", "capabilities_of"]

Capability = Literal["tools", "images", "json_schema", "logprobs", "reasoning"]

#: The embedded engine's context (``n_ctx`` of :class:`~router.backends.embedded.EmbeddedBackend`).
_EMBEDDED_CONTEXT = 4096


class Capabilities(BaseModel):
    """What one tier's model can do."""

    model_config = ConfigDict(frozen=True)
    tools: bool
    images: bool
    json_schema: bool
    reasoning: bool
    #: Gives the log-probabilities of its tokens when asked.
    logprobs: bool = True
    context_window: int | None = None

    def has(self, capability: Capability) -> bool:
        """Whether the model can do ``capability``."""
        return bool(getattr(self, capability))


def _litellm_view(model: str) -> Capabilities | None:
    """litellm's model info for ``model``, or ``None`` when litellm does not know it."""
    from router.backends.hosted import import_litellm

    litellm = import_litellm()
    cost_map = litellm.model_cost
    name = model if model in cost_map else model.split("/", 1)[-1]
    entry = cost_map.get(name)
    if not isinstance(entry, dict):
        return None

    def flag(key: str) -> bool:
        return bool(entry.get(key))

    window = entry.get("max_input_tokens") or entry.get("max_tokens")
    return Capabilities(
        tools=flag("supports_function_calling"),
        images=flag("supports_vision"),
        json_schema=flag("supports_response_schema"),
        reasoning=flag("supports_reasoning"),
        context_window=int(window) if isinstance(window, int | float) else None,
    )


def _default(tier: Tier, kind: str) -> Capabilities:
    if kind == "embedded":
        return Capabilities(
            tools=False,
            images=False,
            json_schema=True,
            reasoning=False,
            logprobs=False,
            context_window=_EMBEDDED_CONTEXT,
        )
    if kind == "replay":  # recorded text answers
        return Capabilities(
            tools=False, images=False, json_schema=True, reasoning=False, logprobs=False
        )
    known = _litellm_view(tier.model)
    if known is not None:
        return known
    return Capabilities(tools=True, images=True, json_schema=True, reasoning=False)


def capabilities_of(tier: Tier, kind: str) -> Capabilities:
    """What ``tier`` can do; ``kind``: the backend that serves its primary deployment."""
    base = _default(tier, kind)
    overrides = tier.capabilities.model_dump(exclude_none=True)
    return base.model_copy(update=overrides) if overrides else base
