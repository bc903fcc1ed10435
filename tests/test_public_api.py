"""The public surface and the error mapping."""

from __future__ import annotations

import classifiers
import router
from router import errors
from router.errors import (
    BackendError,
    BackendTimeout,
    BackendUnavailable,
    BudgetExceeded,
    CacheError,
    ClassifierError,
    PermissionDenied,
    PolicyError,
    RequestError,
    TierrouteError,
    UnknownTierError,
    exit_code_for,
    http_status_for,
)


def test_router_exports_exactly_its_all() -> None:
    assert router.__all__ == sorted(router.__all__)
    assert set(router.__all__) == {
        "Policy",
        "RouteDecision",
        "RouteReason",
        "Router",
        "TierrouteError",
        "load_policy",
        "parse_policy",
    }
    for name in router.__all__:
        assert getattr(router, name) is not None


def test_classifiers_exports_resolve_lazily() -> None:
    for name in classifiers.__all__:
        assert getattr(classifiers, name) is not None


def test_every_error_maps_to_a_status_and_exit_code() -> None:
    cases = {
        PolicyError([("p.yaml", 3, "name", "bad")]): (500, 2),
        ClassifierError("x"): (500, 2),
        RequestError("x"): (400, 2),
        UnknownTierError("x"): (400, 2),
        BudgetExceeded("x"): (413, 2),
        PermissionDenied("x"): (403, 4),
        BackendError("x"): (502, 3),
        BackendTimeout("x"): (504, 3),
        BackendUnavailable("x"): (503, 3),
        CacheError("x"): (503, 3),
    }
    for error, (status, code) in cases.items():
        assert (http_status_for(error), exit_code_for(error)) == (status, code), error
    assert set(errors.__all__) >= {type(e).__name__ for e in cases}
    assert all(isinstance(e, TierrouteError) for e in cases)


def test_policy_error_message_lists_every_problem() -> None:
    error = PolicyError([("p.yaml", 3, "name", "bad"), ("p.yaml", None, "(file)", "gone")])
    assert str(error) == "p.yaml:3: name: bad\np.yaml: (file): gone"
