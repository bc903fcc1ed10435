"""tierroute: route each LLM request to the cheapest tier that answers it well."""

from __future__ import annotations

from router.decide import RouteDecision, RouteReason
from router.engine import Router
from router.errors import TierrouteError
from router.policy import Policy
from router.policy_loading import load_policy, parse_policy

__all__ = [
    "Policy",
    "RouteDecision",
    "RouteReason",
    "Router",
    "TierrouteError",
    "load_policy",
    "parse_policy",
]
