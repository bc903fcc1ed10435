"""Property-based tests of the HTTP API from its own OpenAPI schema (schemathesis).

``tierroute serve`` runs with API keys (so authentication is part of what is checked) in
front of the stub model server. Schemathesis generates requests from ``/openapi.json``,
valid ones and ones that break the schema, for every operation, and checks each response:
no 5xx, a documented status code, a body and content type that match the schema, 401
without a key, 405 with ``Allow`` for a method a path does not take, 4xx for invalid data
and no 4xx for valid data (other than 413, an input over a tier's token budget, and 404,
feedback for an id the decision log does not know, and a 400 for what a JSON schema cannot
say between fields: which tool a named tool choice names, which call a tool result answers,
whether a tool's parameters are themselves a JSON schema).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from router.api.app import create_app
from router.api.settings import ServiceSettings
from tests.keyed_service import serve, stub_policy, write_keys
from tools.openai_stub import StubServer

#: Examples per operation and generation phase; about 400 requests in all, in ~30 s.
MAX_EXAMPLES = 40
sent: Counter[str] = Counter()


def _schema() -> schemathesis.BaseSchema:
    """The schema the app serves at ``/openapi.json``, read from the app itself (making it
    loads no policy), so the tests exist at collection time; the requests go to a server.
    (``schemathesis.pytest.from_fixture`` would load it from the running server, but it
    does not run under pytest 9.2: it sets ``Node._nodeid``, which pytest 9.2 dropped.)"""
    app = create_app(ServiceSettings(warm_models=False, policy_poll_s=0))
    config = schemathesis.Config.from_dict(
        {
            # every request carries a valid key (added below); requests without one and
            # with a wrong one are sent by the `ignored_auth` check
            "generation": {"with-security-parameters": False},
            "checks": {
                "positive_data_acceptance": {
                    # 404: feedback for an id the decision log does not know
                    "expected-statuses": ["2xx", "401", "403", "404", "413", "429"]
                }
            },
        }
    )
    return schemathesis.openapi.from_dict(app.openapi(), config=config)


schema = _schema()

#: What the 400s a valid body may get say: the rules between fields a schema cannot state.
BETWEEN_FIELDS = (
    "which is not among the tools",
    "which is not among the functions",
    "answers no tool call of an earlier assistant message",
    "which no earlier tool_use block has",
    "is not a valid JSON schema",
)


def positive_data_acceptance_between_fields(ctx: Any, response: Any, case: Any) -> bool | None:
    """Schemathesis's check that valid data is accepted, but for a 400 that names one of
    the rules between fields (:data:`BETWEEN_FIELDS`)."""
    if response.status_code == 400 and any(rule in response.text for rule in BETWEEN_FIELDS):
        return None
    return positive_data_acceptance(ctx, response, case)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """``tierroute serve`` with keys over the stub model server: its URL and an admin key."""
    home = tmp_path_factory.mktemp("schema")
    with StubServer() as stub:
        (home / "policy.yaml").write_text(stub_policy(stub.base_url))
        keys = write_keys(home / "keys.yaml", {"ops": {"admin": True, "bypass_cache": True}})
        with serve(home / "policy.yaml", home / "serve.log", keys=home / "keys.yaml") as base:
            yield base, keys["ops"]
    by_status = Counter(key.rsplit(" ", 1)[1] for key in sent.elements())
    print(f"schemathesis sent {sum(sent.values())} requests; statuses {dict(by_status)}")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case: schemathesis.Case, service: tuple[str, str]) -> None:
    base, key = service
    response = case.call_and_validate(
        base_url=base,
        headers={"Authorization": f"Bearer {key}"},
        timeout=30,
        excluded_checks=[positive_data_acceptance],
        additional_checks=[positive_data_acceptance_between_fields],
    )
    sent[f"{case.method} {case.path} {response.status_code}"] += 1
    assert response.status_code < 500


def test_the_schema_documents_errors_as_they_are_sent(service: tuple[str, str]) -> None:
    base, _ = service
    raw = httpx.get(f"{base}/openapi.json", timeout=10).json()
    assert raw == schema.raw_schema  # what the tests above were generated from
    chat = raw["paths"]["/v1/chat/completions"]["post"]["responses"]
    assert "422" not in chat  # validation errors are 400s, in the one error shape
    assert set(chat) == {"200", "400", "401", "403", "413", "429", "502", "503", "504"}
    assert chat["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }
    assert "text/event-stream" in chat["200"]["content"]
    assert "HTTPValidationError" not in raw["components"]["schemas"]
    reload = raw["paths"]["/v1/policy/reload"]["post"]["responses"]
    assert reload["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ReloadErrorOut"
    }
