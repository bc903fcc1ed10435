"""Several embedded generations decoded together, in one llama.cpp batch per step.

On a CPU a decoding step reads the whole model's weights from memory; decoding four
sequences in one batch reads them once, not four times, so concurrent tickets share the
model's forward passes. One thread owns a llama.cpp context with ``parallel`` sequence
slots; each step it feeds every running generation its next token (or a piece of its
prompt: a new generation joins the running ones without waiting for them to end), decodes
the batch, and samples each sequence from its own logits.

Prompt prefixes are reused: a generation whose prompt begins like one seen before (a
tier's fixed system prompt) copies that prefix's KV cells from the slot that computed it,
instead of computing them again.

Sampling is done here: greedy at temperature 0, else temperature and top-p; the repeat,
frequency and presence penalties over the last 64 tokens generated, as llama.cpp's
penalty sampler applies them (it sees the tokens it sampled, not the prompt). Calls this
engine does not take (a grammar for JSON output) go to the sequential path
(:mod:`router.backends.embedded`).
"""

from __future__ import annotations

import codecs
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["BatchedLlama", "Generation", "Sampling"]

log = logging.getLogger("tierroute.embedded")

_PENALTY_WINDOW = 64
#: Most prompt tokens fed to the batch per sequence and step (the rest wait a step).
_PREFILL_CHUNK = 256
_N_BATCH = 512


@dataclass(frozen=True)
class Sampling:
    """How one generation picks its tokens."""

    max_tokens: int
    temperature: float = 0.0
    top_p: float = 1.0
    repeat_penalty: float = 1.0
    frequency_penalty: float = 0.0
    presence_penalty: float = 0.0
    stop: tuple[str, ...] = ()
    seed: int | None = None


@dataclass
class Generation:
    """One prompt to answer; ``emit`` gets each piece of text as ``(text, finish)``
    (``finish``: None, ``"stop"`` or ``"length"``), or the exception that ended it."""

    tokens: list[int]
    sampling: Sampling
    emit: Callable[[str, str | None, int], None]
    fail: Callable[[BaseException], None]
    #: Called when the generation gets a slot in the batch.
    admitted: Callable[[], None] = lambda: None
    cancelled: threading.Event = field(default_factory=threading.Event)
    # the engine's own state
    seq: int = -1
    fed: int = 0
    history: list[int] = field(default_factory=list)
    answer: list[int] = field(default_factory=list)
    generated: int = 0
    text: str = ""
    sent: int = 0
    decoder: Any = None
    rng: Any = None


class BatchedLlama:
    """Decodes up to ``parallel`` generations of one model together (module docstring)."""

    def __init__(self, llm: Any, *, parallel: int, n_ctx: int, n_threads: int) -> None:
        import llama_cpp

        self._lib = llama_cpp
        self.llm = llm
        self.parallel = parallel
        params = llama_cpp.llama_context_default_params()
        params.n_ctx = n_ctx * parallel
        params.n_batch = _N_BATCH
        params.n_ubatch = _N_BATCH
        params.n_seq_max = parallel + 1  # one more: the prefix cache's slot
        params.n_threads = n_threads
        params.n_threads_batch = n_threads
        params.kv_unified = True  # slots share cells: a prefix can be copied between them
        self._ctx = llama_cpp.llama_init_from_model(llm.model, params)
        if not self._ctx:
            raise RuntimeError("llama.cpp could not create a batched context")
        self._memory = llama_cpp.llama_get_memory(self._ctx)
        self._vocab = llama_cpp.llama_model_get_vocab(llm.model)
        self._n_vocab = llama_cpp.llama_vocab_n_tokens(self._vocab)
        self._n_ctx = n_ctx
        self._batch = llama_cpp.llama_batch_init(_N_BATCH, 0, 1)
        self._waiting: queue.Queue[Generation | None] = queue.Queue()
        self._free = list(range(parallel))
        #: The prefix cache: tokens whose KV cells sit in slot ``parallel``.
        self._prefix_slot = parallel
        self._prefix: list[int] = []
        self._closed = False
        #: What the engine did: decode steps, tokens decoded (prompt and answer), the most
        #: generations decoded together, prompt tokens whose KV cells were copied instead.
        self.stats = {"steps": 0, "tokens": 0, "most_together": 0, "prefix_reused": 0}
        self._thread = threading.Thread(target=self._run, name="llama-batch", daemon=True)
        self._thread.start()

    def submit(self, generation: Generation) -> None:
        """Queue ``generation``; its pieces go to its ``emit`` from the engine's thread."""
        if len(generation.tokens) + generation.sampling.max_tokens > self._n_ctx:
            generation.fail(
                ValueError(
                    f"prompt of {len(generation.tokens)} tokens and "
                    f"{generation.sampling.max_tokens} to generate exceed the context of "
                    f"{self._n_ctx}"
                )
            )
            return
        self._waiting.put(generation)

    def close(self) -> None:
        """Stop the engine (running generations end with an error)."""
        self._closed = True
        self._waiting.put(None)
        self._thread.join(timeout=30)

    # ------------------------------------------------------------------ engine thread
    def _run(self) -> None:
        running: list[Generation] = []
        try:
            while not self._closed:
                self._admit(running)
                if not running:
                    continue
                self._step(running)
        except BaseException as exc:  # the engine is broken: every caller hears it
            log.exception("batched llama.cpp engine failed")
            for generation in running:
                generation.fail(exc)
        finally:
            self._lib.llama_batch_free(self._batch)
            self._lib.llama_free(self._ctx)

    def _admit(self, running: list[Generation]) -> None:
        while self._free:
            try:
                generation = self._waiting.get(block=not running, timeout=None)
            except queue.Empty:
                return
            if generation is None:
                self._closed = True
                return
            if generation.cancelled.is_set():
                continue
            self._start(generation)
            generation.admitted()
            running.append(generation)
            if self._waiting.empty():
                return

    def _start(self, generation: Generation) -> None:
        generation.seq = self._free.pop()
        tokens = generation.tokens
        shared = _common_prefix(self._prefix, tokens)
        # keep one token to feed: its logits start the answer
        shared = min(shared, len(tokens) - 1)
        if shared >= 16:
            self._lib.llama_memory_seq_cp(
                self._memory, self._prefix_slot, generation.seq, 0, shared
            )
        else:
            shared = 0
        generation.fed = shared
        self.stats["prefix_reused"] += shared
        generation.history = list(tokens)
        generation.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        generation.rng = np.random.default_rng(generation.sampling.seed)

    def _remember_prefix(self, generation: Generation) -> None:
        """Keep this prompt (all but its last token) as the prefix cache."""
        tokens = generation.tokens[:-1]
        if len(tokens) < 16 or _common_prefix(self._prefix, tokens) == len(tokens):
            return
        self._lib.llama_memory_seq_rm(self._memory, self._prefix_slot, -1, -1)
        self._lib.llama_memory_seq_cp(
            self._memory, generation.seq, self._prefix_slot, 0, len(tokens)
        )
        self._prefix = tokens

    def _step(self, running: list[Generation]) -> None:
        batch = self._batch
        outputs: list[tuple[Generation, int]] = []
        n = 0
        budget = _N_BATCH - sum(1 for g in running if g.fed >= len(g.tokens))
        for generation in running:
            prompt_left = len(generation.tokens) - generation.fed
            if prompt_left > 0:
                take = min(prompt_left, _PREFILL_CHUNK, budget)
                budget -= take
                pieces = generation.tokens[generation.fed : generation.fed + take]
            else:
                pieces = [generation.history[-1]]
            for offset, token in enumerate(pieces):
                batch.token[n] = token
                batch.pos[n] = generation.fed + offset
                batch.n_seq_id[n] = 1
                batch.seq_id[n][0] = generation.seq
                batch.logits[n] = False
                n += 1
            generation.fed += len(pieces)
            if pieces and generation.fed >= len(generation.tokens):
                batch.logits[n - 1] = True
                outputs.append((generation, n - 1))
        batch.n_tokens = n
        self.stats["steps"] += 1
        self.stats["tokens"] += n
        self.stats["most_together"] = max(self.stats["most_together"], len(running))
        status = self._lib.llama_decode(self._ctx, batch)
        if status != 0:
            raise RuntimeError(f"llama_decode failed ({status})")
        for generation, index in outputs:
            if generation.generated == 0 and generation.fed == len(generation.tokens):
                self._remember_prefix(generation)
            logits = np.ctypeslib.as_array(
                self._lib.llama_get_logits_ith(self._ctx, index), shape=(self._n_vocab,)
            )
            token = self._sample(generation, logits)
            if self._advance(generation, token):
                self._finish(generation, running)
        for generation in list(running):
            if generation.cancelled.is_set():
                self._finish(generation, running)

    def _sample(self, generation: Generation, logits: np.ndarray) -> int:
        s = generation.sampling
        scores = logits.astype(np.float64, copy=True)
        window = generation.answer[-_PENALTY_WINDOW:]
        if window and (s.repeat_penalty != 1.0 or s.frequency_penalty or s.presence_penalty):
            ids, counts = np.unique(np.asarray(window, dtype=np.int64), return_counts=True)
            seen = scores[ids]
            if s.repeat_penalty != 1.0:
                seen = np.where(seen > 0, seen / s.repeat_penalty, seen * s.repeat_penalty)
            seen = seen - counts * s.frequency_penalty - s.presence_penalty
            scores[ids] = seen
        if s.temperature <= 0:
            return int(np.argmax(scores))
        scores = scores / s.temperature
        scores -= scores.max()
        probabilities = np.exp(scores)
        probabilities /= probabilities.sum()
        if s.top_p < 1.0:
            order = np.argsort(-probabilities)
            cumulative = np.cumsum(probabilities[order])
            keep = order[: int(np.searchsorted(cumulative, s.top_p)) + 1]
            mask = np.zeros_like(probabilities)
            mask[keep] = probabilities[keep]
            probabilities = mask / mask.sum()
        return int(generation.rng.choice(self._n_vocab, p=probabilities))

    def _advance(self, generation: Generation, token: int) -> bool:
        """Take ``token`` into the answer; True when the answer has ended."""
        s = generation.sampling
        if self._lib.llama_vocab_is_eog(self._vocab, token):
            self._send(generation, generation.decoder.decode(b"", final=True), "stop")
            return True
        generation.history.append(token)
        generation.answer.append(token)
        generation.generated += 1
        piece = self.llm.detokenize([token], special=False)
        generation.text += generation.decoder.decode(piece)
        for stop in s.stop:
            at = generation.text.find(stop, max(0, generation.sent - len(stop)))
            if at >= 0:
                generation.text = generation.text[:at]
                self._send(generation, "", "stop")
                return True
        if generation.generated >= s.max_tokens:
            self._send(generation, generation.decoder.decode(b"", final=True), "length")
            return True
        self._send(generation, "", None)
        return False

    def _send(self, generation: Generation, tail: str, finish: str | None) -> None:
        """Emit the text not yet sent (held back while it may still begin a stop string)."""
        generation.text += tail
        hold = 0 if finish else max((len(s) - 1 for s in generation.sampling.stop), default=0)
        end = max(generation.sent, len(generation.text) - hold)
        piece = generation.text[generation.sent : end]
        generation.sent = end
        if piece or finish:
            generation.emit(piece, finish, generation.generated)

    def _finish(self, generation: Generation, running: list[Generation]) -> None:
        if generation in running:
            running.remove(generation)
            self._lib.llama_memory_seq_rm(self._memory, generation.seq, -1, -1)
            self._free.append(generation.seq)


def _common_prefix(a: list[int], b: list[int]) -> int:
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n
