"""A GGUF model loaded by llama-cpp-python for the embedded backend: the one thread that
runs it (and its batch, with ``parallel`` above 1), its tokens, the arguments of a call,
and the streamed generations that run on it, handed from the model's thread to the loop."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, cast

from router.backends.calls import ModelCall, StreamDelta, Usage
from router.backends.llama_batch import BatchedLlama, Generation, Sampling
from router.errors import RequestError
from router.messages import content_parts

__all__ = [
    "FINISH",
    "BatchedGeneration",
    "LoadedModel",
    "ThreadGeneration",
    "llama_kwargs",
    "text_messages",
]

#: The finish reasons llama.cpp gives that a caller is told.
FINISH = {"stop", "length"}


class LoadedModel:
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


def llama_kwargs(call: ModelCall) -> dict[str, Any]:
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


class ThreadGeneration:
    """One streamed generation: produced in the model's thread, consumed on the loop."""

    def __init__(
        self, loaded: LoadedModel, call: ModelCall, loop: asyncio.AbstractEventLoop
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
                self.loaded.llm.create_chat_completion(stream=True, **llama_kwargs(self.call)),
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
                finish_reason = finish if finish in FINISH else None
                self._put(StreamDelta(content=text, finish_reason=finish_reason, usage=usage))
        except Exception as exc:  # llama.cpp raises bare ValueError/RuntimeError
            self._put(exc)
        finally:
            self._put(None)


class BatchedGeneration:
    """One streamed generation decoded in the model's batch, consumed on the loop."""

    def __init__(
        self, loaded: LoadedModel, call: ModelCall, loop: asyncio.AbstractEventLoop
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
