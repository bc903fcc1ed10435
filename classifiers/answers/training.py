"""Fit the answer model on outcome data that recorded the cheaper tiers' answers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction import DictVectorizer

from classifiers.answers.features import (
    DEFAULT_ANSWER_PATTERN,
    answer_features,
    compile_answer_pattern,
)
from classifiers.answers.model import AnswerModelArtifact, TransitionModel
from classifiers.datasets import DataFormatError, OutcomeRow, data_tiers
from classifiers.ordinal import OrdinalLogisticClassifier

__all__ = ["AnswerExample", "fit_answer_model", "transition_examples"]


@dataclass(frozen=True)
class AnswerExample:
    """One recorded answer and how much the next tier gained over it."""

    prompt: str
    answer: str
    previous: tuple[str, ...]
    gain: int


def _gain(delta: float) -> int:
    return 1 if delta >= 0.5 else (-1 if delta <= -0.5 else 0)


def data_steps(ladder: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Policy tier → (data tier that answers, data tier above it), by cost order.

    With three data tiers, ``small`` and ``mid`` each escalate to the next; with two,
    only ``small`` does (to the dearer one).
    """
    if len(ladder) >= 3:
        return {"small": (ladder[0], ladder[1]), "mid": (ladder[1], ladder[-1])}
    return {"small": (ladder[0], ladder[-1])}


def transition_examples(rows: Sequence[OutcomeRow]) -> dict[str, list[AnswerExample]]:
    """Training examples per policy tier, from rows that recorded that tier's answer.

    An answer that had a cheaper tier before it appears twice: once after that tier's
    answer and once as the first answer (a request may start at any tier).
    """
    ladder = data_tiers({tier for row in rows for tier in row.scores})
    examples: dict[str, list[AnswerExample]] = {}
    for tier, (here, above) in data_steps(ladder).items():
        cheaper = ladder[: ladder.index(here)]
        found = examples.setdefault(tier, [])
        for row in rows:
            answer = row.responses.get(here)
            if answer is None or here not in row.scores or above not in row.scores:
                continue
            gain = _gain(row.scores[above] - row.scores[here])
            found.append(AnswerExample(row.prompt, answer, (), gain))
            previous = tuple(row.responses[t] for t in cheaper if t in row.responses)
            if previous:
                found.append(AnswerExample(row.prompt, answer, previous, gain))
    return {tier: found for tier, found in examples.items() if found}


def _fit_transition(
    examples: list[AnswerExample], pattern: str, C: float, min_df: int
) -> TransitionModel | None:
    labels = np.array([e.gain for e in examples])
    if len(set(labels.tolist())) < 2:
        return None
    compiled = compile_answer_pattern(pattern)
    dicts = [answer_features(e.prompt, e.answer, e.previous, compiled) for e in examples]
    counts = Counter(name for d in dicts for name in d if not name.startswith("s:"))
    kept = [
        {n: v for n, v in d.items() if n.startswith("s:") or counts[n] >= min_df} for d in dicts
    ]
    vectorizer = DictVectorizer()
    X = vectorizer.fit_transform(kept)
    model = OrdinalLogisticClassifier(C=C, max_iter=2000).fit(X, labels)
    names = vectorizer.get_feature_names_out()
    coef = model.coef_
    return TransitionModel(
        classes=[int(c) for c in model.classes_],
        intercepts=[float(b) for b in model.intercept_],
        weights={
            str(names[j]): [float(v) for v in coef[:, j]]
            for j in range(coef.shape[1])
            if np.any(coef[:, j] != 0.0)
        },
        examples=len(examples),
    )


def fit_answer_model(
    rows: Sequence[OutcomeRow],
    *,
    C: float = 0.3,
    min_df: int = 3,
    answer_pattern: str = DEFAULT_ANSWER_PATTERN,
    metadata: dict[str, object] | None = None,
) -> AnswerModelArtifact:
    """Fit one gain model per tier whose answers ``rows`` recorded."""
    per_tier = transition_examples(rows)
    if not per_tier:
        raise DataFormatError(
            "no row records a cheaper tier's answer (`responses`) together with the next "
            "tier's score; the answer model needs both"
        )
    transitions = {}
    for tier, examples in per_tier.items():
        model = _fit_transition(examples, answer_pattern, C, min_df)
        if model is not None:
            transitions[tier] = model
    if not transitions:
        raise DataFormatError("the next tier never scored differently: nothing to learn")
    return AnswerModelArtifact(
        answer_pattern=answer_pattern,
        transitions=transitions,
        params={"C": C, "min_df": min_df},
        metadata=dict(metadata or {}),
    )
