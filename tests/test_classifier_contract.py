"""The classifiers follow scikit-learn's estimator contract and persist without pickle."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.utils.estimator_checks import parametrize_with_checks

from classifiers import (
    DifficultyClassifier,
    OrdinalLogisticClassifier,
    load_classifier,
    load_scorer,
    save_classifier,
)
from classifiers.artifact import ArtifactError
from tests.conftest import TINY_TICKETS

TEXTS = [text for text, _ in TINY_TICKETS]
LABELS = [tier for _, tier in TINY_TICKETS]


@parametrize_with_checks([OrdinalLogisticClassifier()])
def test_ordinal_core_passes_sklearn_checks(estimator, check):  # type: ignore[no-untyped-def]
    check(estimator)


def fitted() -> DifficultyClassifier:
    return DifficultyClassifier(min_df=1).fit(TEXTS, LABELS)


def test_hyperparameters_only_in_init_and_clone_keeps_them() -> None:
    clf = DifficultyClassifier(C=2.5, min_df=3, word_ngram_range=(1, 1))
    params = clf.get_params()
    assert params["C"] == 2.5 and params["min_df"] == 3 and params["word_ngram_range"] == (1, 1)
    twin = clone(clf)
    assert twin.get_params() == params
    assert not hasattr(twin, "model_")


def test_fit_returns_self_and_learned_attributes_end_in_underscore() -> None:
    clf = DifficultyClassifier(min_df=1)
    assert clf.fit(TEXTS, LABELS) is clf
    assert list(clf.classes_) == ["small", "mid", "reasoning"]
    learned = {name for name in vars(clf) if name.endswith("_")}
    assert {"classes_", "vectorizer_", "model_"} <= learned


def test_not_fitted_error_before_fit() -> None:
    with pytest.raises(NotFittedError):
        DifficultyClassifier().predict_proba(["hello"])


def test_probabilities_are_consistent() -> None:
    clf = fitted()
    proba = clf.predict_proba(TEXTS)
    assert proba.shape == (len(TEXTS), 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    sufficiency = clf.sufficiency_proba(TEXTS)
    assert np.all(np.diff(sufficiency, axis=1) >= -1e-12)
    np.testing.assert_allclose(sufficiency[:, -1], 1.0)
    difficulty = clf.difficulty(TEXTS)
    assert np.all((difficulty >= 0) & (difficulty <= 1))
    assert clf.score(TEXTS, LABELS) >= 0.9


def test_works_in_pipeline_and_cross_validation() -> None:
    pipeline = Pipeline(
        [
            ("strip", FunctionTransformer(lambda texts: [t.strip() for t in texts])),
            ("clf", DifficultyClassifier(min_df=1)),
        ]
    )
    pipeline.fit(TEXTS, LABELS)
    assert pipeline.predict(["How do I reset my password?"])[0] == "small"
    scores = cross_val_score(
        DifficultyClassifier(min_df=1),
        TEXTS,
        np.array(LABELS),
        cv=StratifiedKFold(n_splits=3, shuffle=True, random_state=0),
    )
    assert scores.shape == (3,)


def test_bad_input_is_named() -> None:
    with pytest.raises(ValueError, match="unknown tier label\\(s\\) huge; allowed: small, mid"):
        DifficultyClassifier().fit(["a", "b"], ["small", "huge"])
    with pytest.raises(ValueError, match="not a single string"):
        DifficultyClassifier().fit("abc", ["small"])
    with pytest.raises(ValueError, match="item 1 is int"):
        DifficultyClassifier().fit(["a", 3], ["small", "mid"])
    with pytest.raises(ValueError, match="at least two different tiers"):
        DifficultyClassifier().fit(["a", "b"], ["small", "small"])


def test_save_load_round_trip_and_compiled_scorer_agree(tmp_path: Path) -> None:
    clf = fitted()
    path = save_classifier(clf, tmp_path / "clf.json", {"note": "test"})
    assert json.loads(path.read_text())["format"] == "tierroute.difficulty-classifier/2"
    loaded = load_classifier(path)
    probes = [*TEXTS, "Ganz neuer Text ohne bekannte Wörter", ""]
    np.testing.assert_allclose(
        loaded.predict_proba(probes), clf.predict_proba(probes), rtol=0, atol=1e-12
    )
    scorer = load_scorer(path)
    for text, proba, suff, difficulty in zip(
        probes,
        clf.predict_proba(probes),
        clf.sufficiency_proba(probes),
        clf.difficulty(probes),
        strict=True,
    ):
        scored = scorer.score(text)
        np.testing.assert_allclose(scored.proba, proba, rtol=0, atol=1e-9)
        np.testing.assert_allclose(scored.sufficiency, suff, rtol=0, atol=1e-9)
        assert scored.difficulty == pytest.approx(difficulty, abs=1e-9)


SETTINGS = [
    {"word_ngram_range": (1, 2)},
    {"word_ngram_range": (2, 3), "char_ngram_range": (2, 5)},
    {"char_ngram_range": None},
    {"word_ngram_range": None},
    {"max_chars": 40},
    {"tiers": ("small", "reasoning")},
    {"tiers": ("t0", "t1", "t2", "t3")},
]


@pytest.mark.parametrize("params", SETTINGS, ids=[str(p) for p in SETTINGS])
def test_compiled_scorer_equals_estimator_for_other_settings(
    tmp_path: Path, params: dict[str, object]
) -> None:
    tiers = params.get("tiers", ("small", "mid", "reasoning"))
    assert isinstance(tiers, tuple)
    labels = [tiers[min(i * len(tiers) // len(TEXTS), len(tiers) - 1)] for i in range(len(TEXTS))]
    clf = DifficultyClassifier(min_df=1, **params).fit(TEXTS, labels)  # type: ignore[arg-type]
    scorer = load_scorer(save_classifier(clf, tmp_path / "clf.json"))
    uncached = load_scorer(tmp_path / "clf.json")
    uncached.word_cache_size = 0
    probes = [*TEXTS, "Ganz neuer Text ohne bekannte Wörter", "", "a a a b"]
    for text, proba in zip(probes, clf.predict_proba(probes), strict=True):
        for scored in (scorer.score(text), scorer.score(text), uncached.score(text)):
            np.testing.assert_allclose(scored.proba, proba, rtol=0, atol=1e-9)


def test_artifact_of_a_retired_format_says_to_retrain(tmp_path: Path) -> None:
    path = save_classifier(fitted(), tmp_path / "clf.json")
    old = path.read_text().replace(
        "tierroute.difficulty-classifier/2", "tierroute.difficulty-classifier/1", 1
    )
    path.write_text(old)
    with pytest.raises(
        ArtifactError, match=r"retired format .*/1.*retrain it with `tierroute train`"
    ):
        load_scorer(path)


def test_corrupt_or_foreign_artifact_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "clf.json"
    path.write_text('{"format": "pickle", "tiers": ["a", "b"]}')
    with pytest.raises(ArtifactError, match="is not a tierroute classifier file"):
        load_scorer(path)
    with pytest.raises(ArtifactError, match="does not exist"):
        load_scorer(tmp_path / "missing.json")
