"""tierroute: route each LLM request to the cheapest tier that answers it well."""

from __future__ import annotations

from router.engine.decide import RouteDecision, RouteReason
from router.engine.router import Router
from router.errors import TierrouteError
from router.policy.loading import load_policy, parse_policy
from router.policy.model import Policy

__all__ = [
    "Policy",
    "RouteDecision",
    "RouteReason",
    "Router",
    "TierrouteError",
    "load_policy",
    "parse_policy",
]
