"""The routing decision: a pure function of (text, metadata, policy, classifier).

No I/O happens here. ``tierroute route``, ``POST /v1/route``, the engine and offline
evaluation all call :func:`decide`, so what is measured offline is what runs online.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, PrivateAttr, model_serializer
from pydantic_core.core_schema import SerializerFunctionWrapHandler

from classifiers.scorer import CompiledScorer, Scored
from router.engine.learned import learned_choice
from router.policy.model import TIER_NAMES, Policy, Rule, TierName

__all__ = [
    "CompiledRule",
    "CompiledRules",
    "FeatureContribution",
    "Metadata",
    "RouteDecision",
    "RouteReason",
    "apply_rules",
    "compile_rules",
    "decide",
    "rule_tier",
    "threshold_tier",
]

Metadata = Mapping[str, object]
_Model = TypeVar("_Model", bound=BaseModel)

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
    kind: Literal[
        "classifier",
        "learned",
        "rule",
        "feature",
        "forced",
        "tool_loop",
        "session",
        "capability",
        "handoff",
        "shadow",
    ]
    detail: str
    rule: str | None = None


_set_slot = object.__setattr__

#: The reason given when a structure feature is present (reasons are immutable: shared).
_FEATURE_REASONS = {
    name: RouteReason(kind="feature", detail=f"{label} present")
    for name, label in _STRUCTURE_LABELS.items()
}


class FeatureContribution(BaseModel):
    """How much one feature pushed the difficulty (positive = harder)."""

    model_config = ConfigDict(frozen=True)
    feature: str
    contribution: float


@dataclass(frozen=True)
class _Explanation:
    """The features of ``text`` that pushed hardest, computed when first asked for."""

    scorer: CompiledScorer
    text: str
    top: int = 5

    def __call__(self) -> list[FeatureContribution]:
        return [
            FeatureContribution.model_construct(feature=name, contribution=round(value, 4))
            for name, value in self.scorer.explain(self.text, self.top)
        ]

    def __deepcopy__(self, memo: dict[int, object]) -> _Explanation:
        return self  # immutable, and the scorer is shared, never copied


class RouteDecision(BaseModel):
    """Where a request goes and why.

    ``features`` (the features that pushed hardest) costs more to compute than the rest
    of the decision, so a decision made by :func:`decide` computes it when it is first
    read or serialized, not before.
    """

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
    _explanation: _Explanation | None = PrivateAttr(default=None)

    @property
    def handoff_rule(self) -> str | None:
        """The rule that hands this request to a person, if one matched."""
        return next((r.rule for r in self.reasons if r.kind == "handoff"), None)

    def _explained(self) -> list[FeatureContribution]:
        """``features``, computed now if it was left for later."""
        features: list[FeatureContribution] | None = self.__dict__.get("features")
        if features is None:
            explanation = self._explanation
            features = explanation() if explanation is not None else []
            values = {**self.__dict__, "features": features}
            # in the declared order, as it is serialized
            ordered = {name: values.pop(name) for name in _FIELD_ORDER if name in values}
            _set_slot(self, "__dict__", {**ordered, **values})
            self._explanation = None
        return features

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            if name == "features":
                return self._explained()
            return super().__getattr__(name)

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        # no return annotation: the serialization schema stays the model's own
        self._explained()
        return handler(self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RouteDecision):
            self._explained()
            other._explained()
        return super().__eq__(other)

    def __repr_args__(self) -> Any:
        self._explained()
        return super().__repr_args__()

    def __getstate__(self) -> dict[Any, Any]:
        self._explained()  # a pickle holds the features, not the scorer
        return super().__getstate__()


@dataclass(frozen=True)
class CompiledRule:
    """A policy rule with its patterns compiled once.

    Keywords match whole words, case-insensitively (on the lower-cased text).
    """

    rule: Rule
    regex: re.Pattern[str] | None
    keywords: re.Pattern[str] | None
    #: The first word of every keyword: one of them is among the words of any text that
    #: ``keywords`` matches. None when some keyword has no word characters.
    keyword_words: frozenset[str] | None = None

    def matches(self, text: str, metadata: Metadata, words: Set[str] | None = None) -> bool:
        """Whether every condition of the rule holds; ``words``, if given, are the
        lower-cased ``\\w+`` words of the whole of ``text``."""
        when = self.rule.when
        if when.metadata:
            for key, expected in when.metadata.items():
                if key not in metadata:
                    return False
                actual = str(metadata[key]).strip().lower()
                allowed = [expected] if isinstance(expected, str) else expected
                if actual not in (value.strip().lower() for value in allowed):
                    return False
        if self.keywords is not None:
            known = words is not None and self.keyword_words is not None
            if known and self.keyword_words.isdisjoint(words):  # type: ignore[union-attr,arg-type]
                return False
            if not self.keywords.search(text.lower()):
                return False
        return self.regex is None or self.regex.search(text) is not None


_WORD = re.compile(r"\w+")


class CompiledRules(tuple[CompiledRule, ...]):
    """A policy's rules, compiled, with the policy's version (read on every decision)."""

    policy: Policy
    policy_version: str

    def __new__(cls, policy: Policy, rules: Iterable[CompiledRule]) -> CompiledRules:
        compiled = super().__new__(cls, rules)
        compiled.policy = policy
        compiled.policy_version = policy.version
        return compiled


def _policy_version(policy: Policy, rules: tuple[CompiledRule, ...]) -> str:
    if isinstance(rules, CompiledRules) and rules.policy is policy:
        return rules.policy_version
    return policy.version


def compile_rules(policy: Policy) -> CompiledRules:
    """The policy's rules, ready to match."""
    compiled = []
    for rule in policy.routing.rules:
        regex = re.compile(rule.when.text_regex) if rule.when.text_regex else None
        keywords = keyword_words = None
        if rule.when.keywords:
            lowered = [word.lower() for word in rule.when.keywords]
            alternatives = "|".join(re.escape(word) for word in lowered)
            keywords = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
            firsts = [_WORD.findall(word)[:1] for word in lowered]
            if all(firsts):
                keyword_words = frozenset(first[0] for first in firsts)
        compiled.append(CompiledRule(rule, regex, keywords, keyword_words))
    return CompiledRules(policy, compiled)


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


def rule_tier(tier: TierName, rule: Rule) -> TierName:
    """The tier after ``rule`` matched a request on ``tier``."""
    target, rank = rule.tier, TIER_NAMES.index
    if target is not None and (
        rule.action == "pin"
        or (rule.action in ("floor", "handoff") and rank(target) > rank(tier))
        or (rule.action == "cap" and rank(target) < rank(tier))
    ):
        return target
    return tier


def threshold_tier(score: float, policy: Policy) -> TierName:
    """The tier the thresholds give a difficulty ``score``."""
    return _threshold_tier(score, policy)[0]


def apply_rules(
    tier: TierName,
    rules: tuple[CompiledRule, ...],
    text: str,
    metadata: Metadata,
    words: Set[str] | None = None,
) -> tuple[TierName, list[RouteReason]]:
    """The tier after the policy's rules, in order, starting from ``tier``; with why."""
    reasons: list[RouteReason] = []
    for compiled in rules:
        if not compiled.matches(text, metadata, words):
            continue
        rule = compiled.rule
        before = tier
        target = rule.tier
        tier = rule_tier(tier, rule)
        effect = f"{before} -> {tier}" if tier != before else f"{tier} unchanged"
        if rule.action == "handoff":
            detail = f"rule {rule.name!r} (handoff) matched: a person answers, {tier} drafts"
        else:
            detail = f"rule {rule.name!r} ({rule.action} {target}) matched: {effect}"
        kind = "handoff" if rule.action == "handoff" else "rule"
        reasons.append(RouteReason.model_construct(kind=kind, rule=rule.name, detail=detail))
        if rule.action == "pin":
            break
    return tier, reasons


def _feature_reasons(scored: Scored) -> list[RouteReason]:
    reasons = _FEATURE_REASONS
    return [reasons[name] for name, _ in scored.structure if name in reasons]


def _built(model: type[_Model], values: dict[str, Any], private: dict[str, Any] | None) -> _Model:
    """A ``model`` holding ``values`` as they are: what ``model_construct`` does for a model
    whose every field is given (no defaults, aliases or extras), minus its per-field loop."""
    built = model.__new__(model)
    _set_slot(built, "__dict__", values)
    _set_slot(built, "__pydantic_fields_set__", set(values))
    _set_slot(built, "__pydantic_extra__", None)
    _set_slot(built, "__pydantic_private__", private)
    return built


_FIELD_ORDER = tuple(RouteDecision.model_fields)


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
    scored = scorer.score(text, explain=0)
    score = round(scored.difficulty, 6)
    if policy.routing.learned is not None:
        choice = learned_choice(text, metadata, policy, score)
        classifier_tier, why = choice.tier, choice.detail(policy.routing.learned.exchange_usd)
        kind = "learned"
    else:
        classifier_tier, why = _threshold_tier(score, policy)
        kind = "classifier"
    # the scorer's words cover the whole text only if it read the whole text
    words = scored.words if len(text) <= scorer.config.max_chars else None
    tier, rule_reasons = apply_rules(classifier_tier, rules, text, metadata, words)
    # built from values this module made itself: no validation (it would cost more than
    # the whole score), and ``features`` is left for RouteDecision to compute when read
    why_reason = _built(RouteReason, {"kind": kind, "detail": why, "rule": None}, None)
    values = {
        "tier": tier,
        "score": score,
        "probabilities": _policy_probabilities(scored, scorer.tiers),
        "classifier_tier": classifier_tier,
        "reasons": [why_reason, *rule_reasons, *_feature_reasons(scored)],
        "language": scored.structure[-1][0].removeprefix("s:lang_"),
        "policy_version": _policy_version(policy, rules),
        "classifier_version": scorer.version,
    }
    decision = _built(RouteDecision, values, {"_explanation": _Explanation(scorer, text)})
    decision.__pydantic_fields_set__.add("features")
    return decision
