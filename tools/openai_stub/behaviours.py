"""What the stub answers, by model name.

- ``stub``: the benchmarks' model, a fixed completion ("Open Settings, choose Security,
  then Reset password."), its bytes built once;
- ``fail500``: a 500;
- ``slow``: answers after 30 s, past any sane timeout;
- ``delay-<ms>``: answers after that many milliseconds;
- ``length``: stops at the token limit (finish reason ``length``);
- ``refuse``: says it does not know;
- ``json``: answers a JSON object; ``notjson`` does not;
- ``lowconf``: answers with low token log-probabilities when asked for them;
- ``answer-<X>`` (and ``answer-<X>-<ms>``, after that many milliseconds): "The answer
  is (<X>).", a closed-form answer a judge can compare exactly;
- ``cached``: says 8 of its prompt tokens came from a prompt cache;
- ``loop``: a small model's loop, one sentence said until the token limit;
- ``badtool-*``: calls tools with arguments that are not JSON;
- ``trickle``: never finishes (an event, or one byte of a JSON body, every half second);
- any other model (``ok-*`` by convention, and ``chaos-*`` when no fault is drawn):
  ``stub answer from <model>``, so that a client can tell a right answer from a garbled one.

Every answer comes whole or streamed, as the request asks (``trickle`` streams both ways).
A request that offers ``tools`` gets a call of one (:mod:`tools.openai_stub.tool_calls`);
one that asks for ``logprobs`` gets them (``lowconf``'s low, every other model's high).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

__all__ = ["BENCHMARK_MODEL", "TRICKLE_EVERY_S", "Behaviour", "behaviour_for"]

BENCHMARK_MODEL = "stub"
#: ``trickle``'s pace.
TRICKLE_EVERY_S = 0.5


@dataclass(frozen=True, slots=True)
class Behaviour:
    """How to answer a model's requests."""

    content: str
    finish: str = "stop"
    #: Wait this long before answering.
    delay_s: float = 0.0
    #: A 500 instead of an answer.
    fail500: bool = False
    #: Never finish: a piece every ``TRICKLE_EVERY_S``.
    trickle: bool = False
    #: Asked for log-probabilities, give these tokens (streamed: every piece) this one.
    logprob_tokens: tuple[str, ...] = ()
    logprob: float = 0.0
    #: The benchmarks' fixed completion, built once.
    canned: bool = False
    #: Prompt tokens the answer says it read from a prompt cache.
    cached_tokens: int = 0


_NAMED = {
    BENCHMARK_MODEL: Behaviour(
        content="Open Settings, choose Security, then Reset password.", canned=True
    ),
    "fail500": Behaviour(content="", fail500=True),
    "slow": Behaviour(content="stub answer from slow", delay_s=30.0),
    "length": Behaviour(content="This answer was cut off at the", finish="length"),
    "refuse": Behaviour(content="I don't know."),
    "json": Behaviour(content='{"answer": "yes"}'),
    "notjson": Behaviour(content="yes, probably"),
    "lowconf": Behaviour(
        content="Maybe try turning it off and on.",
        logprob_tokens=("Maybe", " try", " turning"),
        logprob=-4.0,
    ),
    "trickle": Behaviour(content="too late", trickle=True),
    "cached": Behaviour(content="stub answer from cached", cached_tokens=8),
    "loop": Behaviour(
        content="Check the cable. " + "Then restart the router and wait. " * 8,
        finish="length",
    ),
}


@functools.lru_cache(maxsize=4096)
def behaviour_for(model: str) -> Behaviour:
    """The behaviour a model name picks (looked up once per name)."""
    named = _NAMED.get(model)
    if named is not None:
        return named
    answer = f"stub answer from {model}"
    kind, _, rest = model.partition("-")
    if kind == "answer" and rest:
        choice, _, wait = rest.partition("-")
        delay_s = int(wait) / 1000 if wait.isdigit() else 0.0
        return Behaviour(content=f"The answer is ({choice}).", delay_s=delay_s)
    delay, _, ms = model.partition("-")
    if delay == "delay" and ms.isdigit():
        return Behaviour(content=answer, delay_s=int(ms) / 1000)
    return Behaviour(content=answer)
