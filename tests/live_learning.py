"""The real app with learning on, in front of a real HTTP server standing in for the
tiers: what the live learning tests share."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from router.api.app import create_app
from router.api.services import Services, services_of
from router.api.settings import ServiceSettings
from router.learning.outcomes import Outcome

__all__ = [
    "QUESTION", "ask", "judged_once", "learning_client", "reloaded_after", "tier_yaml",
    "wait_until",
]  # fmt: skip

QUESTION = (
    "Which plan includes single sign-on for guest accounts?\n"
    "(A) Free\n(B) Business\n(C) Enterprise\n(D) None of them"
)


def tier_yaml(model: str, base: str, price: float = 1.0) -> str:
    return (
        f"    model: openai/{model}\n    api_base: {base}\n    timeout_s: 10\n"
        f"    price: {{input_per_mtok: {price}, output_per_mtok: {2 * price}}}\n"
        "    max_input_tokens: 4000\n    max_output_tokens: 64\n"
    )


def learning_client(
    tmp_path: Path,
    base: str,
    learning: str,
    *,
    slow: int = 0,
    slow_tiers: tuple[str, ...] = ("mid", "reasoning"),
    top_price: float = 1.0,
    small: str = "answer-A",
    escalation: str = "{max_steps: 0, signals: []}",
) -> TestClient:
    def wait(tier: str) -> str:
        return f"-{slow}" if slow and tier in slow_tiers else ""

    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "name: live-learning\ntiers:\n  small:\n"
        + tier_yaml(f"{small}{wait('small')}", base)
        + "  mid:\n"
        + tier_yaml(f"answer-C{wait('mid')}", base)
        + "  reasoning:\n"
        + tier_yaml(f"answer-C{wait('reasoning')}", base, top_price)
        + "routing:\n  thresholds: {mid: 0.99, reasoning: 1.0}\n"
        + f"escalation: {escalation}\ncache: {{enabled: false}}\n"
        + learning
    )
    return TestClient(create_app(ServiceSettings(policy=policy, warm_models=False)))


def ask(client: TestClient, queue: str = "sso", model: str = "auto") -> tuple[dict, float]:  # type: ignore[type-arg]
    started = time.perf_counter()
    response = client.post(
        "/v1/chat/completions",
        json={
            "model": model,
            "messages": [{"role": "user", "content": QUESTION}],
            "metadata": {"queue": queue},
        },
    )
    assert response.status_code == 200, response.text
    return response.json(), time.perf_counter() - started


def wait_until(predicate, seconds: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def judged_once(client: TestClient, forced: str) -> tuple[dict, float, float, Outcome]:  # type: ignore[type-arg]
    """Two requests for the ``forced`` tier (asked for by name: never judged; they warm
    the process up and time an unjudged answer), then one that is judged (the warm-up
    judges every request): its answer, its time, the unjudged time and its outcome."""
    services = services_of(client.app)  # type: ignore[arg-type]
    assert services is not None
    _, unjudged = ask(client, model=forced)
    _, unjudged = ask(client, model=forced)
    assert services.learning.judged == 0
    body, seconds = ask(client)
    wait_until(lambda: services.learning.judged == 1)
    return body, seconds, unjudged, services.learning.learner.outcomes[0]


def reloaded_after(client: TestClient, requests: int, seconds: float = 10.0) -> Services:
    """The client's services once ``requests`` answered requests led to a hot reload
    (within ``seconds``)."""
    services = services_of(client.app)  # type: ignore[arg-type]
    assert services is not None
    version = services.policies.current.policy.version
    for _ in range(requests):
        ask(client)
    wait_until(lambda: services.policies.current.policy.version != version, seconds)
    return services
