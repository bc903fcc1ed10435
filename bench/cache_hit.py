"""Cache hits from Redis: a repeated request answered by ``tierroute serve`` from its cache.

A real ``redis-server`` on a free loopback port holds the cache. ``tierroute serve`` runs
the benchmark-stub policy (``bench/http_overhead.py``) with the cache on and ``REDIS_URL``
set; the peer is the LiteLLM proxy with its Redis cache on the same server; the stub
itself, called directly, is the floor (a server that does no work). Each system first
answers the request once (a miss, stored); then ``wrk`` repeats it, in rounds that
interleave and rotate the three systems, at 1 connection (latency) and 8 (throughput).
The stub counts its completions: a cached run that reached the model aborts.

    .venv/bin/python bench/cache_hit.py --repeats 5 --duration 5
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import (
    BENCH,
    ROOT,
    bench_env,
    check_clean,
    free_port,
    machine,
    require_program,
    require_wrk,
    server,
    stop_on_sigterm,
    stub_server,
    write_results,
    wrk,
)
from http_overhead import (
    MAX_TOKENS,
    PROMPT,
    SYSTEMS,
    answer_check,
    body_for,
    litellm_argv,
    litellm_config,
    measure,
    stub_completions,
    stub_policy,
    summarize,
    tierroute_argv,
)

sys.path.insert(0, str(ROOT))
from tests.redis_server import RedisServer  # a real redis-server on a free port


def prime(url: str, body: dict[str, Any], stub_base: str, what: str) -> dict[str, str]:
    """Answer once (a miss that stores), then check that the repeat skips the model."""
    answer_check(url, body, f"{what} (first)")
    before = stub_completions(stub_base)
    headers = answer_check(url, body, f"{what} (repeat)")
    if stub_completions(stub_base) != before:
        raise RuntimeError(f"{what}: the repeated request reached the model; nothing was cached")
    return headers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="rounds")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per wrk run")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers per server")
    parser.add_argument("--connections", type=int, nargs="+", default=[1, 8])
    parser.add_argument(
        "--out", type=Path, default=BENCH / "results" / "cache_hit.json", help="JSON results"
    )
    args = parser.parse_args()
    stop_on_sigterm()
    require_wrk()
    require_program("redis-server", "redis-server")
    results: dict[str, Any] = {
        "benchmark": "cache_hit",
        "machine": machine(),
        "command": " ".join([".venv/bin/python", *sys.argv]),
        "repeats": args.repeats,
        "duration_s": args.duration,
        "workers": args.workers,
        "prompt": PROMPT,
        "max_tokens": MAX_TOKENS,
    }
    redis = RedisServer()
    redis.start()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-cache-") as tmp:
            results.update(run(Path(tmp), redis, args))
    finally:
        redis.kill()
    write_results(args.out, results)


def run(work: Path, redis: RedisServer, args: argparse.Namespace) -> dict[str, Any]:
    stub_port, tr_port, ll_port = free_port(), free_port(), free_port()
    stub_base = f"http://127.0.0.1:{stub_port}/v1"
    policy = work / "bench-stub-cache.yaml"
    policy.write_text(stub_policy(stub_base, cache=True))
    config = work / "litellm.yaml"
    config.write_text(litellm_config(stub_base, redis_port=redis.port))
    tr_url = f"http://127.0.0.1:{tr_port}/v1/chat/completions"
    ll_url = f"http://127.0.0.1:{ll_port}/chat/completions"
    targets = {
        "stub": (f"{stub_base}/chat/completions", body_for("stub")),
        "tierroute": (tr_url, body_for("auto")),
        "litellm_proxy": (ll_url, body_for("stub")),
    }
    env = bench_env(REDIS_URL=redis.url)
    with (
        stub_server(stub_port, work / "stub.log"),
        server(
            tierroute_argv(policy, tr_port, args.workers),
            f"http://127.0.0.1:{tr_port}/readyz",
            work / "tierroute.log",
            env=env,
        ),
        server(
            litellm_argv(config, ll_port, args.workers),
            f"http://127.0.0.1:{ll_port}/health/liveliness",
            work / "litellm.log",
            env=env,
        ),
    ):
        headers = prime(tr_url, body_for("auto"), stub_base, "tierroute")
        if headers.get("x-tierroute-cache") != "hit":
            raise RuntimeError(f"tierroute did not say it hit the cache: {headers}")
        prime(ll_url, body_for("stub"), stub_base, "litellm proxy")
        for name, (url, body) in targets.items():  # warm-up, not recorded
            check_clean(wrk(url, body, connections=8, duration_s=3), f"warm-up {name}")
        rounds = measure(
            targets,
            stub_base,
            repeats=args.repeats,
            connections=args.connections,
            duration_s=args.duration,
            model_calls_per_request={"stub": 1, "tierroute": 0, "litellm_proxy": 0},
        )
    return {
        "redis": "redis-server on 127.0.0.1, no persistence",
        "tierroute_policy": policy.read_text(),
        "litellm_config": config.read_text(),
        "summary": summarize(rounds, list(SYSTEMS), args.connections),
        "rounds": rounds,
    }


if __name__ == "__main__":
    main()
