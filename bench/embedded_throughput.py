"""Embedded model throughput: tokens/s through ``tierroute serve`` vs llama-cpp-python.

The service runs ``policies/default.yaml`` (SmolLM2-135M-Instruct in process);
``bench/llama_worker.py`` loads the same GGUF with llama-cpp-python with the embedded
backend's settings (``n_ctx``, ``n_threads``). Each runs in a process and session of its
own, and both get the same work: the same messages (the tier's system prompt, then the
ticket), the same ``max_tokens``, temperature 0. The service is asked for one tier by
name, so nothing escalates, and each request carries its own ``metadata`` so that none is
answered from the cache. Calls run one at a time, alternating which system goes first,
over a few tickets from ``classifiers/data/tickets.jsonl``; tokens/s is completion tokens
over wall time as the caller sees it, prompt processing included.

    .venv/bin/python bench/embedded_throughput.py --repeats 5

llama.cpp's two threads wait for each other by spinning, so on a machine whose cores
other jobs keep busy both systems slow down tenfold and erratically. ``--session-nice
-10`` (root) gives the service's and the peer's sessions the same raised weight.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import (
    BENCH,
    ROOT,
    VENV_BIN,
    bench_env,
    free_port,
    machine,
    median,
    raise_priority,
    server,
    stop_on_sigterm,
    write_results,
)

sys.path.insert(0, str(ROOT))
from router.backends.embedded import EmbeddedBackend, resolve_gguf
from router.policy.loading import load_policy

POLICY = ROOT / "policies" / "default.yaml"


def tickets(count: int) -> list[str]:
    """``count`` tickets of ordinary length from the project's own ticket set."""
    with (ROOT / "classifiers" / "data" / "tickets.jsonl").open() as handle:
        texts = [json.loads(line)["text"] for line in handle]
    ordinary = [t for t in texts if 150 <= len(t) <= 900]
    return random.Random(0).sample(ordinary, count)


class Direct:
    """llama-cpp-python called directly, in its own process and session
    (``bench/llama_worker.py``), with the settings the embedded backend uses."""

    def __init__(self, model: str) -> None:
        backend = EmbeddedBackend()  # its defaults are what the service runs with
        self.settings = {"n_ctx": backend._n_ctx, "n_threads": backend._n_threads}
        config = {"model_path": str(resolve_gguf(model)), **self.settings}
        self.process = subprocess.Popen(
            [sys.executable, str(BENCH / "llama_worker.py"), json.dumps(config)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self._read()  # the model is loaded

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("bench/llama_worker.py exited")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def run(self, messages: list[dict[str, str]], max_tokens: int) -> dict[str, Any]:
        assert self.process.stdin is not None
        started = time.perf_counter()
        self.process.stdin.write(json.dumps({"messages": messages, "max_tokens": max_tokens}))
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        answer = self._read()
        return {"seconds": time.perf_counter() - started, **answer}

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def through_service(
    client: httpx.Client, url: str, tier: str, text: str, max_tokens: int, tag: str
) -> dict[str, Any]:
    body = {
        "model": tier,
        "messages": [{"role": "user", "content": text}],
        "max_tokens": max_tokens,
        "temperature": 0,
        "metadata": {"bench_call": tag},  # a fresh cache key: never a hit
    }
    started = time.perf_counter()
    response = client.post(url, json=body)
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"service: {response.status_code} {response.text[:500]}")
    if response.headers.get("x-tierroute-cache") == "hit":
        raise RuntimeError("service answered from its cache; the measurement is void")
    if response.headers.get("x-tierroute-path") != tier:
        raise RuntimeError(f"service called {response.headers.get('x-tierroute-path')}")
    data = response.json()
    return {
        "seconds": seconds,
        "content": data["choices"][0]["message"]["content"],
        "completion_tokens": data["usage"]["completion_tokens"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs over the tickets")
    parser.add_argument("--prompts", type=int, default=4, help="tickets per run")
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--tier", default="reasoning", choices=["small", "mid", "reasoning"])
    parser.add_argument(
        "--session-nice",
        type=int,
        default=None,
        help="scheduler weight (autogroup nice, e.g. -10; root) for the service's and the "
        "direct peer's sessions alike, on a machine that other jobs keep busy",
    )
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "embedded_throughput.json")
    args = parser.parse_args()
    stop_on_sigterm()
    spec = load_policy(POLICY).tier(args.tier)
    if args.max_tokens > spec.max_output_tokens:
        sys.exit(f"--max-tokens above the {args.tier} tier's budget ({spec.max_output_tokens})")
    texts = tickets(args.prompts + 1)
    warm, texts = texts[0], texts[1:]
    system = [{"role": "system", "content": spec.system_prompt}] if spec.system_prompt else []
    results: dict[str, Any] = {
        "benchmark": "embedded_throughput",
        "machine": machine(),
        "command": " ".join([".venv/bin/python", *sys.argv]),
        "policy": str(POLICY.relative_to(ROOT)),
        "model": spec.model,
        "tier": args.tier,
        "max_tokens": args.max_tokens,
        "repeats": args.repeats,
        "prompt_chars": [len(t) for t in texts],
    }
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1/chat/completions"
    argv = [str(VENV_BIN / "tierroute"), "serve", "--policy", str(POLICY), "--port", str(port)]
    runs = []
    with (
        contextlib.ExitStack() as stack,
        tempfile.TemporaryDirectory(prefix="bench-embedded-") as tmp,
        server(
            argv, f"http://127.0.0.1:{port}/readyz", Path(tmp) / "serve.log", env=bench_env()
        ) as service,
        httpx.Client(timeout=600) as client,
    ):
        direct = Direct(spec.model)
        stack.callback(direct.close)
        results["llama_settings"] = direct.settings
        results["session_nice"] = args.session_nice
        if args.session_nice is not None:
            for pid in (service.pid, direct.process.pid):
                raise_priority(pid, args.session_nice)
        through_service(client, url, args.tier, warm, args.max_tokens, "warm")
        direct.run([*system, {"role": "user", "content": warm}], args.max_tokens)
        for r in range(args.repeats):
            calls = []
            for i, text in enumerate(texts):
                order = ("service", "direct") if (r + i) % 2 == 0 else ("direct", "service")
                done: dict[str, dict[str, Any]] = {}
                for who in order:
                    if who == "service":
                        tag = f"{r}-{i}"
                        done[who] = through_service(
                            client, url, args.tier, text, args.max_tokens, tag
                        )
                    else:
                        messages = [*system, {"role": "user", "content": text}]
                        done[who] = direct.run(messages, args.max_tokens)
                calls.append({"prompt": i, **done})
            runs.append(summarize_run(calls))
            print(
                f"run {r + 1}/{args.repeats}: service {runs[-1]['service_tokens_per_s']:.1f} "
                f"tok/s, direct {runs[-1]['direct_tokens_per_s']:.1f} tok/s, "
                f"ratio {runs[-1]['ratio']:.3f}",
                flush=True,
            )
    results["summary"] = {
        "service_tokens_per_s": median([x["service_tokens_per_s"] for x in runs]),
        "direct_tokens_per_s": median([x["direct_tokens_per_s"] for x in runs]),
        "ratio": median([x["ratio"] for x in runs]),
        "same_text_in_all_calls": all(x["same_text"] for x in runs),
    }
    results["runs"] = runs
    write_results(args.out, results)


def summarize_run(calls: list[dict[str, Any]]) -> dict[str, Any]:
    """Tokens/s of one run. Tokens are the direct call's count (the tokens it generated);
    when both texts are equal the service generated exactly those tokens too."""
    tokens = sum(c["direct"]["completion_tokens"] for c in calls)
    service_s = sum(c["service"]["seconds"] for c in calls)
    direct_s = sum(c["direct"]["seconds"] for c in calls)
    return {
        "completion_tokens": tokens,
        "service_reported_tokens": sum(c["service"]["completion_tokens"] for c in calls),
        "service_s": service_s,
        "direct_s": direct_s,
        "service_tokens_per_s": tokens / service_s,
        "direct_tokens_per_s": tokens / direct_s,
        "ratio": direct_s / service_s,
        "same_text": all(c["service"]["content"] == c["direct"]["content"] for c in calls),
        "calls": [
            {
                "prompt": c["prompt"],
                "service_s": c["service"]["seconds"],
                "direct_s": c["direct"]["seconds"],
                "tokens": c["direct"]["completion_tokens"],
            }
            for c in calls
        ],
    }


if __name__ == "__main__":
    main()
