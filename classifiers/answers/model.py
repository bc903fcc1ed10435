"""The answer model: from a tier's answer, how much better would the next tier do?

For each tier that can escalate, an ordinal logistic model over
:func:`~classifiers.answers.features.answer_features` predicts whether the next tier's
answer scores lower (-1), the same (0) or higher (+1); the expected gain is
P(+1) - P(-1). The file is plain JSON (never pickle) and is scored here with no NumPy
and no scikit-learn, so the engine can check an answer in microseconds.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from classifiers.answers.features import answer_features, compile_answer_pattern
from classifiers.artifact import write_artifact

__all__ = [
    "ANSWER_MODEL_FORMAT",
    "AnswerModelArtifact",
    "AnswerModelError",
    "AnswerScorer",
    "TransitionModel",
    "load_answer_scorer",
    "read_answer_model",
    "write_answer_model",
]

ANSWER_MODEL_FORMAT = "tierroute.answer-model/1"


class AnswerModelError(ValueError):
    """An answer-model file is missing, unreadable or not in this format."""


class TransitionModel(BaseModel):
    """The gain model for answers of one tier (the next tier is the one above it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: Gain classes in order, a subset of -1, 0, +1.
    classes: list[int] = Field(min_length=2)
    intercepts: list[float]
    weights: dict[str, list[float]]
    examples: int = 0

    @model_validator(mode="after")
    def _consistent(self) -> TransitionModel:
        if sorted(set(self.classes)) != self.classes or not set(self.classes) <= {-1, 0, 1}:
            raise ValueError("classes must be ascending and among -1, 0, 1")
        cuts = len(self.classes) - 1
        if len(self.intercepts) != cuts:
            raise ValueError(f"expected {cuts} intercepts, got {len(self.intercepts)}")
        bad = next((name for name, w in self.weights.items() if len(w) != cuts), None)
        if bad is not None:
            raise ValueError(f"feature {bad!r} must have {cuts} weights")
        if not all(math.isfinite(v) for w in self.weights.values() for v in w):
            raise ValueError("weights must be finite numbers")
        return self


class AnswerModelArtifact(BaseModel):
    """Everything needed to judge an answer, as stored on disk."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: str = ANSWER_MODEL_FORMAT
    answer_pattern: str
    #: Policy tier whose answer is judged (``small``, ``mid``) → its model.
    transitions: dict[str, TransitionModel]
    params: dict[str, Any] = Field(default_factory=dict)
    metadata: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known(self) -> AnswerModelArtifact:
        if self.format != ANSWER_MODEL_FORMAT:
            raise ValueError(f"format must be {ANSWER_MODEL_FORMAT!r}, got {self.format!r}")
        unknown = sorted(set(self.transitions) - {"small", "mid"})
        if unknown:
            raise ValueError(
                f"transitions: unknown tier(s) {', '.join(unknown)}; allowed: small, mid"
            )
        try:
            compile_answer_pattern(self.answer_pattern)
        except (re.error, ValueError) as exc:
            raise ValueError(f"answer_pattern: {exc}") from exc
        return self


def read_answer_model(path: Path) -> tuple[AnswerModelArtifact, str]:
    """Load and check the answer model at ``path``; also return its content hash."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise AnswerModelError(
            f"answer model file {path} does not exist (train one with "
            "`tierroute train --data OUTCOMES --answer-model PATH`)"
        ) from exc
    except OSError as exc:
        raise AnswerModelError(f"cannot read answer model file {path}: {exc}") from exc
    try:
        artifact = AnswerModelArtifact.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise AnswerModelError(
            f"{path} is not a tierroute answer model: {where}: {first['msg']}"
        ) from exc
    return artifact, hashlib.sha256(raw).hexdigest()[:12]


def write_answer_model(artifact: AnswerModelArtifact, path: Path) -> None:
    """Write ``artifact`` to ``path`` as JSON (atomically)."""
    write_artifact(artifact, path)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


class AnswerScorer:
    """Expected gain of escalating, from an answer model file."""

    def __init__(self, artifact: AnswerModelArtifact, version: str) -> None:
        self.version = version
        self.pattern = compile_answer_pattern(artifact.answer_pattern)
        self._models = {
            tier: (
                tuple(model.classes),
                tuple(model.intercepts),
                {name: tuple(w) for name, w in model.weights.items()},
            )
            for tier, model in artifact.transitions.items()
        }

    def judges(self, tier: str) -> bool:
        """Whether the file has a model for answers of ``tier``."""
        return tier in self._models

    def expected_gain(
        self, tier: str, prompt: str, answer: str, previous: Sequence[str] = ()
    ) -> float:
        """P(next tier scores higher) - P(it scores lower), for ``answer`` of ``tier``."""
        classes, intercepts, weights = self._models[tier]
        z = list(intercepts)
        for name, value in answer_features(prompt, answer, previous, self.pattern).items():
            w = weights.get(name)
            if w is not None:
                for k, wk in enumerate(w):
                    z[k] += wk * value
        cumulative = 0.0
        gain = 0.0
        for k, label in enumerate(classes):
            upto = max(_sigmoid(z[k]), cumulative) if k < len(z) else 1.0
            gain += label * (upto - cumulative)
            cumulative = upto
        return gain


def load_answer_scorer(path: Path) -> AnswerScorer:
    """The scorer for the answer model at ``path``."""
    artifact, version = read_answer_model(path)
    return AnswerScorer(artifact, version)
