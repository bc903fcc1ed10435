"""The routing decision: a pure function of (text, metadata, policy, classifier).

No I/O happens here. ``tierroute route``, ``POST /v1/route``, the engine and offline
evaluation all call :func:`decide`, so what is measured offline is what runs online.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from classifiers.scorer import CompiledScorer, Scored
from router.policy import TIER_NAMES, Policy, Rule, TierName

__all__ = [
    "CompiledRule",
    "FeatureContribution",
    "Metadata",
    "RouteDecision",
    "RouteReason",
    "compile_rules",
    "decide",
]

Metadata = Mapping[str, object]

_STRUCTURE_LABELS = {
    "s:code_blocks": "code blocks",
    "s:stack_trace": "stack trace",
    "s:error_codes": "error codes",
    "s:log_lines": "log lines",
    "s:versions": "version numbers",
    "s:questions": "questions",
    "s:config_lines": "configuration lines",
    "s:numbered_steps": "numbered steps",
    "s:multi_step_markers": "multi-step / already-tried markers",
    "s:behaviour_questions": "why / how-it-behaves questions",
}


class RouteReason(BaseModel):
    """One reason that shaped the decision."""

    model_config = ConfigDict(frozen=True)
    kind: Literal["classifier", "rule", "feature", "forced"]
    detail: str
    rule: str | None = None


class FeatureContribution(BaseModel):
    """How much one feature pushed the difficulty (positive = harder)."""

    model_config = ConfigDict(frozen=True)
    feature: str
    contribution: float


class RouteDecision(BaseModel):
    """Where a request goes and why."""

    model_config = ConfigDict(frozen=True)
    tier: TierName
    score: float
    probabilities: dict[TierName, float]
    classifier_tier: TierName
    reasons: list[RouteReason]
    features: list[FeatureContribution]
    language: str
    policy_version: str
    classifier_version: str


@dataclass(frozen=True)
class CompiledRule:
    """A policy rule with its patterns compiled once."""

    rule: Rule
    regex: re.Pattern[str] | None
    keywords: re.Pattern[str] | None

    def matches(self, text: str, metadata: Metadata) -> bool:
        """Whether every condition of the rule holds."""
        when = self.rule.when
        if self.regex is not None and not self.regex.search(text):
            return False
        if self.keywords is not None and not self.keywords.search(text):
            return False
        if when.metadata:
            for key, expected in when.metadata.items():
                if key not in metadata:
                    return False
                actual = str(metadata[key]).strip().lower()
                allowed = [expected] if isinstance(expected, str) else expected
                if actual not in (value.strip().lower() for value in allowed):
                    return False
        return True


def compile_rules(policy: Policy) -> tuple[CompiledRule, ...]:
    """The policy's rules, ready to match."""
    compiled = []
    for rule in policy.routing.rules:
        regex = re.compile(rule.when.text_regex) if rule.when.text_regex else None
        keywords = None
        if rule.when.keywords:
            alternatives = "|".join(re.escape(word) for word in rule.when.keywords)
            keywords = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        compiled.append(CompiledRule(rule=rule, regex=regex, keywords=keywords))
    return tuple(compiled)


def _policy_probabilities(scored: Scored, scorer_tiers: tuple[str, ...]) -> dict[TierName, float]:
    """P(tier suffices) for each policy tier; a tier the classifier lacks takes the
    probability of the nearest cheaper tier it has (a lower bound)."""
    by_name = dict(zip(scorer_tiers, scored.sufficiency, strict=True))
    if "large" in by_name and "reasoning" not in by_name:
        by_name["reasoning"] = by_name.pop("large")
    result: dict[TierName, float] = {}
    last = 0.0
    for tier in TIER_NAMES:
        last = by_name.get(tier, last)
        result[tier] = round(last, 6)
    result[TIER_NAMES[-1]] = 1.0
    return result


def _threshold_tier(score: float, policy: Policy) -> tuple[TierName, str]:
    t = policy.routing.thresholds
    if score >= t.reasoning:
        return "reasoning", f"difficulty {score:.3f} >= reasoning threshold {t.reasoning}"
    if score >= t.mid:
        return "mid", f"difficulty {score:.3f} >= mid threshold {t.mid}, < {t.reasoning}"
    return "small", f"difficulty {score:.3f} < mid threshold {t.mid}"


def _apply_rules(
    tier: TierName, rules: tuple[CompiledRule, ...], text: str, metadata: Metadata
) -> tuple[TierName, list[RouteReason]]:
    reasons: list[RouteReason] = []
    rank = TIER_NAMES.index
    for compiled in rules:
        if not compiled.matches(text, metadata):
            continue
        rule = compiled.rule
        before = tier
        if (
            rule.action == "pin"
            or (rule.action == "floor" and rank(rule.tier) > rank(tier))
            or (rule.action == "cap" and rank(rule.tier) < rank(tier))
        ):
            tier = rule.tier
        effect = f"{before} -> {tier}" if tier != before else f"{tier} unchanged"
        reasons.append(
            RouteReason.model_construct(
                kind="rule",
                rule=rule.name,
                detail=f"rule {rule.name!r} ({rule.action} {rule.tier}) matched: {effect}",
            )
        )
        if rule.action == "pin":
            break
    return tier, reasons


def _feature_reasons(scored: Scored) -> list[RouteReason]:
    return [
        RouteReason.model_construct(kind="feature", detail=f"{_STRUCTURE_LABELS[name]} present")
        for name, _ in scored.structure
        if name in _STRUCTURE_LABELS
    ]


def decide(
    text: str,
    *,
    policy: Policy,
    scorer: CompiledScorer,
    rules: tuple[CompiledRule, ...],
    metadata: Metadata | None = None,
) -> RouteDecision:
    """Choose the tier for ``text`` (with ticket ``metadata``) under ``policy``."""
    metadata = metadata or {}
    scored = scorer.score(text)
    score = round(scored.difficulty, 6)
    classifier_tier, why = _threshold_tier(score, policy)
    tier, rule_reasons = _apply_rules(classifier_tier, rules, text, metadata)
    language = next(
        (
            name.removeprefix("s:lang_")
            for name, _ in scored.structure
            if name.startswith("s:lang_")
        ),
        "unknown",
    )
    # built from values this module made itself: construct without re-validating
    # (validation would cost more than the whole score on the hot path)
    return RouteDecision.model_construct(
        tier=tier,
        score=score,
        probabilities=_policy_probabilities(scored, scorer.tiers),
        classifier_tier=classifier_tier,
        reasons=[
            RouteReason.model_construct(kind="classifier", rule=None, detail=why),
            *rule_reasons,
            *_feature_reasons(scored),
        ],
        features=[
            FeatureContribution.model_construct(feature=name, contribution=round(value, 4))
            for name, value in scored.top_features
        ],
        language=language,
        policy_version=policy.version,
        classifier_version=scorer.version,
    )
