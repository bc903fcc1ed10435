"""The routing policy: tiers, budgets, routing rules, escalation and cache settings.

A policy is written in YAML (see ``policies/default.yaml``) and validated by these
pydantic models; :func:`router.policy.loading.load_policy` adds file and line numbers
to every validation error.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from router.policy.base import TIER_NAMES, EscalationSignal, TierName
from router.policy.base import Strict as _Strict
from router.policy.learned_routing import (
    LearnedCost,
    LearnedEscalation,
    LearnedRouting,
    LearnedSegment,
)
from router.policy.learning_settings import (
    DIFFICULTY,
    DecisionLogSettings,
    FeedbackKind,
    FeedbackSettings,
    LearningSettings,
    RecalibrationSettings,
    ShadowSettings,
)
from router.policy.rules import Match, Rule

__all__ = [
    "DIFFICULTY",
    "TIER_NAMES",
    "CacheSettings",
    "CapabilityOverrides",
    "DecisionLogSettings",
    "Deployment",
    "EscalationSettings",
    "EscalationSignal",
    "FeedbackKind",
    "FeedbackSettings",
    "LearnedCost",
    "LearnedEscalation",
    "LearnedRouting",
    "LearnedSegment",
    "LearningSettings",
    "Match",
    "Policy",
    "Price",
    "ReasoningBudget",
    "RecalibrationSettings",
    "ReplaySettings",
    "Routing",
    "Rule",
    "SessionSettings",
    "ShadowSettings",
    "Thresholds",
    "Tier",
    "TierName",
    "Tiers",
]


_DEFAULT_SIGNALS: tuple[EscalationSignal, ...] = (
    "repetition",
    "length",
    "refusal",
    "schema",
    "tool_call",
)
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class Price(_Strict):
    """Price in USD per one million tokens."""

    input_per_mtok: Annotated[float, Field(ge=0)]
    output_per_mtok: Annotated[float, Field(ge=0)]
    #: Input tokens the provider read from its prompt cache (the input price when unset).
    cached_input_per_mtok: Annotated[float, Field(ge=0)] | None = None


class Deployment(_Strict):
    """Where a call goes: a litellm model id, optionally at an ``api_base``."""

    model: Annotated[str, Field(min_length=1)]
    api_base: str | None = None
    api_key_env: str | None = None
    timeout_s: Annotated[float, Field(gt=0, le=600)] = 60.0
    #: How an ``openai/...`` model at an ``api_base`` is called: ``auto`` sends the request
    #: itself over a pooled HTTP client (the fast path); ``litellm`` goes through litellm,
    #: as every other model does.
    client: Literal["auto", "litellm"] = "auto"

    @field_validator("api_base")
    @classmethod
    def _http_base(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("api_key_env")
    @classmethod
    def _env_name(cls, value: str | None) -> str | None:
        if value is not None and not _ENV_NAME.match(value):
            raise ValueError(
                "must be the NAME of an environment variable (letters, digits, _), "
                "never the key itself"
            )
        return value


class ReasoningBudget(_Strict):
    """A reasoning budget, passed only to models that accept one."""

    effort: Literal["low", "medium", "high"] | None = None
    budget_tokens: Annotated[int, Field(gt=0)] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> ReasoningBudget:
        if (self.effort is None) == (self.budget_tokens is None):
            raise ValueError("give exactly one of `effort` (low|medium|high) or `budget_tokens`")
        return self


class CapabilityOverrides(_Strict):
    """What a tier's model can do, where the policy says so (litellm's model info, or
    what the backend is known to take, decides the rest)."""

    tools: bool | None = None
    images: bool | None = None
    json_schema: bool | None = None
    logprobs: bool | None = None
    reasoning: bool | None = None
    context_window: Annotated[int, Field(gt=0)] | None = None


class Tier(Deployment):
    """One tier: its primary deployment, budgets, sampling defaults and fallbacks."""

    price: Price | None = None
    max_input_tokens: Annotated[int, Field(gt=0)]
    max_output_tokens: Annotated[int, Field(gt=0)]
    input_overflow: Literal["reject", "trim"] = "reject"
    reasoning: ReasoningBudget | None = None
    temperature: Annotated[float, Field(ge=0, le=2)] | None = None
    #: Sampling settings small models need against looping: llama.cpp's repeat penalty
    #: (embedded models and llama.cpp servers only; 1 = none), and OpenAI's frequency and
    #: presence penalties.
    repeat_penalty: Annotated[float, Field(gt=0, le=4)] | None = None
    frequency_penalty: Annotated[float, Field(ge=-2, le=2)] | None = None
    presence_penalty: Annotated[float, Field(ge=-2, le=2)] | None = None
    #: Answers of at most this many sentences: an embedded model's generation stops
    #: where the last one ends, so running into ``max_output_tokens`` means the tier
    #: could not say it in that many, not that it talked on. Other models are not
    #: stopped (only the prompt asks them): say it in the prompt too.
    max_sentences: Annotated[int, Field(gt=0)] | None = None
    system_prompt: str | None = None
    fallbacks: list[Deployment] = Field(default_factory=list)
    #: Calls this tier may have in flight at once (no limit when unset), and how many
    #: more may wait for a slot; a call beyond both goes to the next tier or gets a 503.
    max_concurrency: Annotated[int, Field(gt=0)] | None = None
    max_waiting: Annotated[int, Field(ge=0)] = 0
    #: What the model can do (tools, images, ...), where litellm's model info is wrong
    #: or silent.
    capabilities: CapabilityOverrides = Field(default_factory=CapabilityOverrides)


class Tiers(_Strict):
    """The three tiers, cheapest first. All three are required."""

    small: Tier
    mid: Tier
    reasoning: Tier

    def get(self, name: TierName) -> Tier:
        """The tier called ``name``."""
        tier: Tier = getattr(self, name)
        return tier


class Thresholds(_Strict):
    """Difficulty score from which a request goes to ``mid`` and to ``reasoning``."""

    mid: Annotated[float, Field(ge=0, le=1)]
    reasoning: Annotated[float, Field(ge=0, le=1)]

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if self.mid > self.reasoning:
            raise ValueError(
                f"thresholds out of order: mid ({self.mid}) must be <= reasoning ({self.reasoning})"
            )
        return self


class Routing(_Strict):
    """How a request's tier is chosen."""

    classifier: Annotated[str, Field(min_length=1)] = "builtin:tickets"
    thresholds: Thresholds
    rules: list[Rule] = Field(default_factory=list)
    #: Written by recalibration; when present it decides in place of the thresholds.
    learned: LearnedRouting | None = None

    @model_validator(mode="after")
    def _unique_rule_names(self) -> Routing:
        names = [rule.name for rule in self.rules]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"rule names must be unique; repeated: {', '.join(duplicates)}")
        return self


class RepetitionSettings(_Strict):
    """When an answer loops: some run of ``ngram`` words said ``times`` times or more."""

    ngram: Annotated[int, Field(ge=2, le=32)] = 4
    times: Annotated[int, Field(ge=2, le=100)] = 4


class EscalationSettings(_Strict):
    """When a cheaper tier's answer looks unreliable, ask the next tier."""

    max_steps: Annotated[int, Field(ge=0, le=2)] = 1
    signals: list[EscalationSignal] = Field(default_factory=lambda: list(_DEFAULT_SIGNALS))
    #: The ``repetition`` signal: an answer that loops is stopped where it is (embedded
    #: models stop generating), escalates while a tier above may answer, and is cut
    #: where the loop began (and marked) when none may.
    repetition: RepetitionSettings = Field(default_factory=RepetitionSettings)
    min_mean_logprob: Annotated[float, Field(le=0)] = -2.5
    #: The answer model (``tierroute train --answer-model``), relative to the policy file.
    answer_model: Annotated[str, Field(min_length=1)] | None = None
    #: What one more correct answer is worth, per tier whose answer is judged: with the
    #: ``answer_gain`` signal, an answer escalates when its expected gain times this value
    #: reaches the estimated cost of the next tier's call. A tier not listed never does.
    answer_value_usd: dict[TierName, Annotated[float, Field(ge=0)]] = Field(default_factory=dict)
    #: Output tokens assumed when estimating a tier's call cost before making it.
    expected_output_tokens: dict[TierName, Annotated[int, Field(ge=0)]] = Field(
        default_factory=lambda: dict.fromkeys(TIER_NAMES, 256)
    )

    @model_validator(mode="after")
    def _answer_gain_needs_model(self) -> EscalationSettings:
        if "answer_gain" in self.signals and self.answer_model is None:
            raise ValueError(
                "the answer_gain signal needs `answer_model: FILE` "
                "(train one with `tierroute train --answer-model`)"
            )
        return self


class CacheSettings(_Strict):
    """Response cache: what may be cached and for how long, per tier."""

    enabled: bool = True
    only_deterministic: bool = True
    ttl_s: dict[TierName, Annotated[int, Field(gt=0)]] = Field(
        default_factory=lambda: dict.fromkeys(TIER_NAMES, 3600)
    )


class ReplaySettings(_Strict):
    """Outcome data that ``replay/<tier>`` models answer from (relative to the policy)."""

    data: Annotated[str, Field(min_length=1)]


class SessionSettings(_Strict):
    """How long a conversation stays where it is: a tool loop on the tier that issued the
    call, a conversation on its tier (so the provider's prompt cache is kept)."""

    #: A request that continues a tool loop goes to the tier that issued the call.
    tool_loops: bool = True
    #: A conversation (named by a session header, ``prompt_cache_key``, or its opening
    #: messages) stays on its tier: it may move up, never down.
    conversations: bool = True
    #: ``when_cheaper``: a conversation moves down to the tier its turn needs when that
    #: costs less than staying, even with the history paid again there (by the tiers'
    #: prices, each answer at its tier's output budget); ``never``: it never moves down.
    move_down: Literal["never", "when_cheaper"] = "never"
    ttl_s: Annotated[int, Field(gt=0)] = 3600


class HandoffSettings(_Strict):
    """When a ticket goes to a person (``/v1/tickets``, batch and workers; chat requests
    always get the model's answer): a ``handoff`` rule matched, or, with ``unresolved``,
    its answer still looked unreliable where no tier above could answer it."""

    unresolved: bool = True
    #: What one ticket may spend across all its turns (a thread: tickets with the same
    #: ``thread_id``) and tiers before a person takes it over; no limit when unset.
    ticket_tokens: Annotated[int, Field(gt=0)] | None = None
    ticket_usd: Annotated[float, Field(gt=0)] | None = None


class Policy(_Strict):
    """A complete routing policy: the three tiers, routing (classifier, thresholds, rules),
    escalation, cache and, for replay, the outcome data; its ``version`` is a hash of it."""

    name: Annotated[str, Field(min_length=1)]
    description: str | None = None
    tiers: Tiers
    routing: Routing
    escalation: EscalationSettings = Field(default_factory=EscalationSettings)
    cache: CacheSettings = Field(default_factory=CacheSettings)
    replay: ReplaySettings | None = None
    learning: LearningSettings = Field(default_factory=LearningSettings)
    sessions: SessionSettings = Field(default_factory=SessionSettings)
    handoff: HandoffSettings = Field(default_factory=HandoffSettings)

    _version: str = PrivateAttr(default="")
    _source_dir: Path | None = PrivateAttr(default=None)

    def model_post_init(self, __context: object) -> None:
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        self._version = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]

    @property
    def version(self) -> str:
        """Hash of the policy's content; it goes into every decision and cache key."""
        return self._version

    @property
    def source_dir(self) -> Path | None:
        """Directory of the file the policy was loaded from (relative paths resolve here)."""
        return self._source_dir

    def resolve_path(self, value: str) -> Path:
        """``value`` as a path; a relative one is taken from the policy file's directory."""
        path = Path(value)
        if not path.is_absolute() and self._source_dir is not None:
            path = self._source_dir / path
        return path

    def tier(self, name: TierName) -> Tier:
        """The tier called ``name``."""
        return self.tiers.get(name)

    def revised(self, data: dict[str, object]) -> Policy:
        """A policy from ``data`` (this one's dump, changed), validated, its relative paths
        still taken from this policy's file."""
        revised = Policy.model_validate(data)
        revised._source_dir = self._source_dir
        return revised

    def with_learned(
        self, learned: LearnedRouting | None, difficulty_bands: list[float] | None = None
    ) -> Policy:
        """This policy with ``learned`` as its learned routing (and the difficulty bands
        its segments are cut by, where this policy gives none)."""
        data = self.model_dump(mode="json")
        routing = dict(data["routing"])
        routing["learned"] = learned.model_dump(mode="json") if learned is not None else None
        data["routing"] = routing
        if difficulty_bands is not None and self.learning.difficulty_bands is None:
            data["learning"]["difficulty_bands"] = list(difficulty_bands)
        return self.revised(data)

    def with_models(self, classifier: str | None = None, answer_model: str | None = None) -> Policy:
        """This policy scoring requests with ``classifier`` (its difficulty bands to be
        learned afresh: cut on another classifier's scores) and judging answers with
        ``answer_model``, where given."""
        if classifier is None and answer_model is None:
            return self
        data = self.model_dump(mode="json")
        if classifier is not None:
            data["routing"]["classifier"] = classifier
            data["learning"]["difficulty_bands"] = None
        if answer_model is not None:
            data["escalation"]["answer_model"] = answer_model
        return self.revised(data)
