"""Hosted and local-server models through litellm (``acompletion``).

Any provider litellm knows works by model id (``openai/gpt-4o-mini``,
``anthropic/claude-3-5-haiku-latest``, ``ollama/llama3``, ...) with the key read from
the environment variable the policy names; OpenAI-compatible servers (vLLM, llama.cpp
server, Ollama) by ``api_base``. litellm's errors become tierroute's here, and only here.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from typing import Any

from router.backends.calls import OPENAI_CALL_FIELDS, ModelAnswer, ModelCall, StreamDelta, Usage
from router.backends.openai_wire import FINISH_REASONS, answer_of, chunk_delta, usage_of
from router.errors import BackendError, BackendTimeout, BackendUnavailable, ConfigError
from router.policy.model import Price

__all__ = ["LitellmBackend", "count_tokens", "import_litellm", "litellm_price"]


def import_litellm() -> Any:
    """Import litellm with its price map read from the package, never from the network."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    litellm.suppress_debug_info = True
    litellm.telemetry = False
    return litellm


def litellm_price(model: str) -> Price | None:
    """``model``'s price per 1M tokens in litellm's local price map (by its full id, then
    without the provider prefix); ``None`` when the map does not know it."""
    cost_map = import_litellm().model_cost
    entry = cost_map.get(model) or cost_map.get(model.split("/", 1)[-1])
    if not entry or "input_cost_per_token" not in entry:
        return None
    cached = entry.get("cache_read_input_token_cost")
    return Price(
        input_per_mtok=float(entry["input_cost_per_token"]) * 1e6,
        output_per_mtok=float(entry.get("output_cost_per_token", 0.0)) * 1e6,
        cached_input_per_mtok=float(cached) * 1e6 if cached is not None else None,
    )


def count_tokens(messages: list[dict[str, Any]], model: str) -> int:
    """Prompt tokens by litellm's tokenizer for ``model`` (images at a default size, never
    fetched); about four characters a token where litellm cannot count."""
    try:
        return int(
            import_litellm().token_counter(
                model=model, messages=messages, use_default_image_token_count=True
            )
        )
    except Exception:  # litellm raises ValueError & co. on shapes it cannot count
        text = json.dumps([m.get("content") for m in messages], ensure_ascii=False)
        return len(text) // 4 + 4 * len(messages)


def _translate(exc: Exception, model: str) -> BackendError:
    """litellm/openai exception → tierroute's own (the one place this happens)."""
    import openai

    name = type(exc).__name__
    detail = str(exc).splitlines()[0][:2000] if str(exc) else name
    if isinstance(exc, openai.APITimeoutError | TimeoutError):
        return BackendTimeout(f"{model} timed out: {detail}")
    if isinstance(exc, openai.RateLimitError):
        return BackendUnavailable(f"{model} is rate-limited: {detail}")
    if isinstance(exc, openai.APIConnectionError):
        return BackendUnavailable(f"cannot reach {model}: {detail}")
    return BackendError(f"{model} failed ({name}): {detail}")


def _cut_short(stream: Any) -> bool:
    """Whether litellm's stream ended without the provider ever sending a finish reason:
    litellm then adds a ``stop`` of its own, which would pass a cut-off answer as whole."""
    received = getattr(stream, "received_finish_reason", "unknown")
    intermittent = getattr(stream, "intermittent_finish_reason", None)
    return received is None and intermittent is None


class LitellmBackend:
    """Runs calls with ``litellm.acompletion``: any provider litellm knows, errors mapped to
    tierroute's."""

    def __init__(self) -> None:
        self._litellm = import_litellm()
        # The openai SDK imports its resource modules on a client's first call (~1 s),
        # which would count against that call's timeout: import them now, at start.
        import openai.resources  # noqa: F401

        # litellm caches HTTP clients process-wide; ones made on another event loop
        # (an earlier app in this process) would fail here, so start afresh.
        self._litellm.in_memory_llm_clients_cache.flush_cache()

    def _kwargs(self, call: ModelCall) -> dict[str, Any]:
        deployment = call.deployment
        kwargs: dict[str, Any] = {
            "model": deployment.model,
            "messages": call.messages,
            "max_tokens": call.max_tokens,
            "timeout": deployment.timeout_s,
            "num_retries": 0,
            "drop_params": True,  # a parameter the provider does not take is left out
        }
        for name in OPENAI_CALL_FIELDS:
            value = getattr(call, name)
            if value is not None:
                kwargs[name] = value
        if deployment.api_base:
            kwargs["api_base"] = deployment.api_base
        if deployment.api_key_env:
            key = os.environ.get(deployment.api_key_env)
            if not key:
                raise ConfigError(
                    f"environment variable {deployment.api_key_env} (the key for "
                    f"{deployment.model}) is not set"
                )
            kwargs["api_key"] = key
        elif deployment.api_base:
            kwargs["api_key"] = "not-needed"
        supported = self._supported_params(deployment.model)
        if call.logprobs and "logprobs" in supported:
            kwargs["logprobs"] = True
            if call.top_logprobs is not None and "top_logprobs" in supported:
                kwargs["top_logprobs"] = call.top_logprobs
        if call.reasoning is not None and self._takes_reasoning(deployment.model):
            kwargs.update(_reasoning_kwargs(call, supported))
        return kwargs

    def _supported_params(self, model: str) -> set[str]:
        try:
            return set(self._litellm.get_supported_openai_params(model=model) or ())
        except Exception:  # litellm raises for models it does not know: assume none
            return set()

    def _takes_reasoning(self, model: str) -> bool:
        try:
            return bool(self._litellm.supports_reasoning(model=model))
        except Exception:  # unknown models: litellm raises; such a model takes no budget
            return False

    def count_tokens(self, messages: list[dict[str, Any]], model: str) -> int:
        """Prompt tokens by litellm's tokenizer for ``model`` (see :func:`count_tokens`)."""
        return count_tokens(messages, model)

    async def complete(self, call: ModelCall) -> ModelAnswer:
        """One non-streamed completion."""
        kwargs = self._kwargs(call)
        try:
            async with asyncio.timeout(call.deployment.timeout_s):  # the whole call, not a read
                response = await self._litellm.acompletion(**kwargs)
        except Exception as exc:
            raise _translate(exc, call.deployment.model) from exc
        return answer_of(call.deployment.model, _plain(response))

    async def stream(self, call: ModelCall) -> AsyncIterator[StreamDelta]:
        """A streamed completion; usage comes with the last delta."""
        kwargs = self._kwargs(call)
        kwargs.update(stream=True, stream_options={"include_usage": True})
        finish: Any = None
        usage: Usage | None = None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + call.deployment.timeout_s  # for the whole stream
        try:
            stream = await asyncio.wait_for(
                self._litellm.acompletion(**kwargs), call.deployment.timeout_s
            )
            chunks = aiter(stream)
            while True:
                try:
                    chunk = await asyncio.wait_for(
                        anext(chunks), max(deadline - loop.time(), 0.001)
                    )
                except StopAsyncIteration:
                    break
                event = _plain(chunk)
                given = usage_of(event.get("usage"))
                if given is not None and given.total_tokens:  # litellm adds empty ones
                    usage = given
                for choice in event.get("choices") or ():
                    if choice.get("finish_reason") in FINISH_REASONS:
                        finish = choice["finish_reason"]
                    delta = chunk_delta(choice)
                    if delta is not None:
                        yield delta
        except BackendError:
            raise
        except Exception as exc:
            raise _translate(exc, call.deployment.model) from exc
        if finish is None or _cut_short(stream):
            raise BackendError(
                f"{call.deployment.model}: the stream ended without a finish reason (cut short); "
                "the answer is incomplete"
            )
        yield StreamDelta(finish_reason=finish, usage=usage or Usage())

    async def aclose(self) -> None:
        """Close the HTTP clients litellm cached for this event loop."""
        from litellm.llms.custom_httpx.async_client_cleanup import close_litellm_async_clients

        await close_litellm_async_clients()  # type: ignore[no-untyped-call]
        self._litellm.in_memory_llm_clients_cache.flush_cache()


def _reasoning_kwargs(call: ModelCall, supported: set[str]) -> dict[str, Any]:
    """The reasoning budget in the form the provider takes (effort, or thinking tokens)."""
    budget = call.reasoning
    if budget is None:
        return {}
    if budget.budget_tokens is not None and "thinking" in supported:
        return {"thinking": {"type": "enabled", "budget_tokens": budget.budget_tokens}}
    if "reasoning_effort" not in supported:
        return {}
    if budget.effort is not None:
        return {"reasoning_effort": budget.effort}
    tokens = budget.budget_tokens or 0
    return {"reasoning_effort": "low" if tokens <= 2048 else "medium" if tokens <= 8192 else "high"}


def _plain(response: Any) -> dict[str, Any]:
    """A litellm response or chunk as the JSON the OpenAI protocol has."""
    dump = getattr(response, "model_dump", None)
    value = dump() if dump is not None else dict(response)
    return value if isinstance(value, dict) else {}
