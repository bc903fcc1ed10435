"""The answer model: its features, its file, and its scorer against scikit-learn."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction import DictVectorizer

from classifiers.answers.features import (
    DEFAULT_ANSWER_PATTERN,
    answer_features,
    committed_answers,
    compile_answer_pattern,
)
from classifiers.answers.model import (
    AnswerModelError,
    AnswerScorer,
    read_answer_model,
    write_answer_model,
)
from classifiers.answers.training import fit_answer_model, transition_examples
from classifiers.datasets import OutcomeRow
from classifiers.ordinal import OrdinalLogisticClassifier
from tests.outcome_fixtures import outcome_rows

PATTERN = compile_answer_pattern(DEFAULT_ANSWER_PATTERN)


def test_committed_answers_are_found_in_the_usual_phrasings() -> None:
    text = "First the answer is (C). On reflection, Answer: D. **Answer:** (B)"
    assert committed_answers(text, PATTERN) == ["C", "D", "B"]
    assert committed_answers("The answer is a matter of taste.", PATTERN) == []


def test_answer_features_see_commitment_hedging_and_agreement() -> None:
    first = answer_features("Q?", "Maybe. The answer is (A). No, the answer is (B).", [], PATTERN)
    assert first["s:committed"] == 1.0
    assert first["s:changed_mind"] == 1.0
    assert first["s:hedges"] > 0
    assert first["s:no_previous"] == 1.0
    agreeing = answer_features("Q?", "The answer is (B).", ["so the answer is (B)"], PATTERN)
    assert agreeing["s:agrees_previous"] == 1.0
    assert agreeing["s:no_previous"] == 0.0
    after_silence = answer_features("Q?", "The answer is (B).", ["no idea"], PATTERN)
    assert after_silence["s:previous_uncommitted"] == 1.0
    assert after_silence["s:agrees_previous"] == 0.0


def _rows() -> list[OutcomeRow]:
    return [OutcomeRow.model_validate(row) for row in outcome_rows(90)]


def test_examples_label_the_next_tiers_gain_and_repeat_answers_after_a_cheaper_one() -> None:
    rows = _rows()
    examples = transition_examples(rows)
    assert set(examples) == {"small", "mid"}
    assert len(examples["small"]) == len(rows)  # nothing answers before small
    assert len(examples["mid"]) == 2 * len(rows)  # alone, and after small's answer
    for row, example in zip(rows, examples["small"], strict=False):
        assert example.gain == round(row.scores["mid"] - row.scores["small"])


def test_scorer_gives_the_estimators_expected_gain(tmp_path: Path) -> None:
    rows = _rows()
    artifact = fit_answer_model(rows, C=1.0, min_df=1)
    path = tmp_path / "answers.json"
    write_answer_model(artifact, path)
    scorer = AnswerScorer(*read_answer_model(path))
    # the same fit, by scikit-learn, on the same feature dicts
    examples = transition_examples(rows)["mid"]
    dicts = [answer_features(e.prompt, e.answer, e.previous, PATTERN) for e in examples]
    vectorizer = DictVectorizer()
    X = vectorizer.fit_transform(dicts)
    labels = np.array([e.gain for e in examples])
    model = OrdinalLogisticClassifier(C=1.0, max_iter=2000).fit(X, labels)
    expected = model.predict_proba(X) @ model.classes_
    got = [scorer.expected_gain("mid", e.prompt, e.answer, e.previous) for e in examples]
    assert np.allclose(got, expected, atol=1e-9)
    # and it learned the fixture: hedging mid answers gain from the top tier
    hard = [g for g, e in zip(got, examples, strict=True) if e.gain == 1]
    easy = [g for g, e in zip(got, examples, strict=True) if e.gain == 0]
    assert min(hard) > max(easy)


def test_a_broken_answer_model_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(AnswerModelError, match="does not exist"):
        read_answer_model(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "tierroute.answer-model/1", "answer_pattern": "(", "transitions": {}}'
    )
    with pytest.raises(AnswerModelError, match="answer_pattern"):
        read_answer_model(bad)
