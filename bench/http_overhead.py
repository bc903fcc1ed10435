"""HTTP overhead: what ``tierroute serve`` and the LiteLLM proxy add in front of a model.

The model is the project's OpenAI-protocol stub (``python -m tools.openai_stub``, in a
process of its own), which answers at once.
Three systems get the same chat request from ``wrk`` (1 thread, its own process):
(a) the stub directly, (b) ``tierroute serve`` with a policy whose three tiers all point
at the stub and the cache off, (c) the LiteLLM proxy (``litellm --config``) with one model
on the same stub. tierroute also gets two more requests, measured the same way: the chat
request with a tool (the stub answers with a call of it), and the same question through
the Responses API (``POST /v1/responses``, ``store: false``); their added latency is
compared with plain chat's (the tool request's against the stub's own answer to it, measured
directly as ``stub_tools``). Every system runs on 127.0.0.1. For each worker count (1 and 2 uvicorn
workers for both servers) the systems are measured in rounds, a, b, c, then b, c, a, ...,
each round at 1 connection (latency) and at 8 (throughput), so machine noise hits all
three alike. Added latency is a server's percentile minus the stub's in the same round.
Every response is checked: non-2xx or socket errors abort the run, and the stub counts
its completions, so a request that did not reach the model exactly once is noticed.

    .venv/bin/python bench/http_overhead.py --repeats 5 --duration 5
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import (
    BENCH,
    bench_env,
    check_clean,
    free_port,
    machine,
    median,
    require_wrk,
    rotated,
    server,
    stop_on_sigterm,
    stub_server,
    write_results,
    wrk,
)
from http_overhead_setup import (
    MAX_TOKENS,
    PROMPT,
    body_for,
    litellm_argv,
    litellm_config,
    responses_body,
    stub_policy,
    tierroute_argv,
    tools_body,
)

SYSTEMS = (
    "stub",
    "tierroute",
    "litellm_proxy",
    "stub_tools",
    "tierroute_tools",
    "tierroute_responses",
)
#: The stub's own latency for each request that differs from plain chat: what tierroute
#: adds is measured against the model's answer to the same request.
BASELINES = {"tierroute_tools": "stub_tools"}


def stub_completions(stub_base: str) -> int:
    """The chat requests the stub has had."""
    return int(httpx.get(stub_base.removesuffix("/v1") + "/stats").json()["requests"])


def settled_completions(stub_base: str, timeout_s: float = 30) -> int:
    """The stub's count once it stops moving: a server that was still working through
    requests wrk had given up on must not be counted against the next system."""
    deadline = time.monotonic() + timeout_s
    count = stub_completions(stub_base)
    while time.monotonic() < deadline:
        time.sleep(0.3)
        now = stub_completions(stub_base)
        if now == count:
            return count
        count = now
    raise RuntimeError(f"the stub kept getting requests for {timeout_s:g} s after a run")


def _said(body: dict[str, Any]) -> str:
    """What an answer says: a chat message's text or the names of the tools it calls, or
    a Responses output's text and function calls."""
    if "choices" in body:
        message = body["choices"][0]["message"]
        calls = [c["function"]["name"] for c in message.get("tool_calls") or ()]
        return " ".join([message.get("content") or "", *calls])
    pieces = []
    for item in body.get("output", ()):
        if item.get("type") == "function_call":
            pieces.append(item["name"])
        for part in item.get("content") or ():
            pieces.append(part.get("text", ""))
    return " ".join(pieces)


def answer_check(
    url: str, body: dict[str, Any], what: str, expected: str = "Reset password"
) -> dict[str, str]:
    """One request: it must answer 200 with ``expected`` in what it says (the stub's text,
    or the tool it calls); its headers are returned."""
    response = httpx.post(url, json=body, timeout=60)
    if response.status_code != 200:
        raise RuntimeError(f"{what}: {response.status_code} {response.text[:500]}")
    said = _said(response.json())
    if expected not in said:
        raise RuntimeError(f"{what}: unexpected answer {said!r}")
    return dict(response.headers)


def measure(
    targets: dict[str, tuple[str, dict[str, Any]]],
    stub_base: str,
    *,
    repeats: int,
    connections: list[int],
    duration_s: float,
    model_calls_per_request: dict[str, int],
) -> list[dict[str, Any]]:
    """Rounds of wrk runs, systems interleaved and rotated; the stub's count is checked."""
    rounds = []
    for r in range(repeats):
        runs: dict[str, dict[str, Any]] = {}
        for c in connections:
            for name in rotated(list(targets), r):
                url, body = targets[name]
                before = settled_completions(stub_base)
                run = wrk(url, body, connections=c, duration_s=duration_s)
                check_clean(run, f"{name} c={c}")
                calls = settled_completions(stub_base) - before
                expected = run["requests"] * model_calls_per_request[name]
                # wrk does not count the requests still in flight when it stops, nor one it
                # had sent as it stopped (and, at tens of thousands of requests/s, a few
                # more): allow two per connection and 0.1% above
                slack = (2 * c + expected // 1000) * model_calls_per_request[name]
                if not expected <= calls <= expected + slack:
                    raise RuntimeError(
                        f"{name} c={c}: {run['requests']:g} requests made {calls} model calls"
                    )
                run["model_calls"] = calls
                runs[f"{name}@c{c}"] = run
                print(
                    f"round {r + 1}/{repeats} c={c} {name:14s} {run['rps']:9.0f} req/s  "
                    f"p50 {run['p50_us'] / 1000:7.2f} ms  p99 {run['p99_us'] / 1000:7.2f} ms",
                    flush=True,
                )
        rounds.append(runs)
    return rounds


def summarize(
    rounds: list[dict[str, Any]], systems: list[str], connections: list[int]
) -> dict[str, Any]:
    """Medians over rounds; added latency against the stub of the same round; ratios."""
    out: dict[str, Any] = {}
    servers = [s for s in systems if not s.startswith("stub")]
    for c in connections:
        level: dict[str, Any] = {}
        for name in systems:
            runs = [rnd[f"{name}@c{c}"] for rnd in rounds]
            entry = {
                "rps": median([x["rps"] for x in runs]),
                "p50_ms": median([x["p50_us"] for x in runs]) / 1000,
                "p99_ms": median([x["p99_us"] for x in runs]) / 1000,
            }
            if not name.startswith("stub"):
                baseline = BASELINES.get(name, "stub")
                stub = [rnd[f"{baseline}@c{c}"] for rnd in rounds]
                entry["added_p50_ms"] = (
                    median([x["p50_us"] - s["p50_us"] for x, s in zip(runs, stub, strict=True)])
                    / 1000
                )
                entry["added_p99_ms"] = (
                    median([x["p99_us"] - s["p99_us"] for x, s in zip(runs, stub, strict=True)])
                    / 1000
                )
            level[name] = entry
        if {"tierroute", "litellm_proxy"} <= set(servers):
            ours, peer = level["tierroute"], level["litellm_proxy"]
            level["added_p50_ratio"] = ours["added_p50_ms"] / peer["added_p50_ms"]
            level["rps_ratio"] = ours["rps"] / peer["rps"]
        for protocol in ("tierroute_tools", "tierroute_responses"):
            if protocol in level and "tierroute" in level:
                plain = level["tierroute"]
                level[f"{protocol}_added_p50_vs_chat"] = (
                    level[protocol]["added_p50_ms"] / plain["added_p50_ms"]
                )
                level[f"{protocol}_rps_vs_chat"] = level[protocol]["rps"] / plain["rps"]
        out[f"c{c}"] = level
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="rounds per worker count")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per wrk run")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--connections", type=int, nargs="+", default=[1, 8])
    parser.add_argument(
        "--out", type=Path, default=BENCH / "results" / "http_overhead.json", help="JSON results"
    )
    args = parser.parse_args()
    stop_on_sigterm()
    require_wrk()
    results: dict[str, Any] = {
        "benchmark": "http_overhead",
        "machine": machine(),
        "command": " ".join([".venv/bin/python", *sys.argv]),
        "repeats": args.repeats,
        "duration_s": args.duration,
        "prompt": PROMPT,
        "max_tokens": MAX_TOKENS,
    }
    with tempfile.TemporaryDirectory(prefix="bench-http-") as tmp:
        work = Path(tmp)
        stub_port = free_port()
        stub_base = f"http://127.0.0.1:{stub_port}/v1"
        policy = work / "bench-stub.yaml"
        policy.write_text(stub_policy(stub_base, cache=False))
        config = work / "litellm.yaml"
        config.write_text(litellm_config(stub_base))
        results["tierroute_policy"] = policy.read_text()
        results["litellm_config"] = config.read_text()
        with stub_server(stub_port, work / "stub.log"):
            for workers in args.workers:
                results[f"workers_{workers}"] = run_phase(
                    work, stub_base, policy, config, workers, args
                )
    write_results(args.out, results)


def run_phase(
    work: Path,
    stub_base: str,
    policy: Path,
    config: Path,
    workers: int,
    args: argparse.Namespace,
) -> dict[str, Any]:
    """Both servers with ``workers`` workers, measured in interleaved rounds."""
    tr_port, ll_port = free_port(), free_port()
    tr_url = f"http://127.0.0.1:{tr_port}/v1/chat/completions"
    ll_url = f"http://127.0.0.1:{ll_port}/chat/completions"
    targets = {
        "stub": (f"{stub_base}/chat/completions", body_for("stub")),
        "tierroute": (tr_url, body_for("auto")),
        "litellm_proxy": (ll_url, body_for("stub")),
        "stub_tools": (f"{stub_base}/chat/completions", {**tools_body(), "model": "stub"}),
        "tierroute_tools": (tr_url, tools_body()),
        "tierroute_responses": (f"http://127.0.0.1:{tr_port}/v1/responses", responses_body()),
    }
    # the decision log (on by default) in the run's own directory, not the user's
    env = bench_env(TIERROUTE_STATE_DIR=str(work / f"state-{workers}"))
    with (
        server(
            tierroute_argv(policy, tr_port, workers),
            f"http://127.0.0.1:{tr_port}/readyz",
            work / f"tierroute-{workers}.log",
            env=env,
        ),
        server(
            litellm_argv(config, ll_port, workers),
            f"http://127.0.0.1:{ll_port}/health/liveliness",
            work / f"litellm-{workers}.log",
            env=env,
        ),
    ):
        headers = answer_check(tr_url, body_for("auto"), "tierroute")
        if headers.get("x-tierroute-escalations") != "0":
            raise RuntimeError(f"tierroute escalated on the stub's answer: {headers}")
        answer_check(ll_url, body_for("stub"), "litellm proxy")
        answer_check(tr_url, tools_body(), "tierroute with a tool", expected="lookup_order")
        answer_check(targets["tierroute_responses"][0], responses_body(), "tierroute responses")
        for name, (url, body) in targets.items():  # warm-up, not recorded
            check_clean(wrk(url, body, connections=8, duration_s=3), f"warm-up {name}")
        rounds = measure(
            targets,
            stub_base,
            repeats=args.repeats,
            connections=args.connections,
            duration_s=args.duration,
            model_calls_per_request=dict.fromkeys(targets, 1),
        )
    return {
        "workers": workers,
        "summary": summarize(rounds, list(SYSTEMS), args.connections),
        "rounds": rounds,
        "routed_tier": headers.get("x-tierroute-tier"),
    }


if __name__ == "__main__":
    main()
