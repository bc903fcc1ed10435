"""Difficulty bands: where the policy segments by ``difficulty``, the classifier's score
cut into bands learned apart. The cuts are quantiles of the scores of the traffic seen
(learned once, at the first refit, then kept in the policy); the outcomes and the traffic
counted before are put into their bands then: an outcome by its own score, the requests
counted by the band shares of the newest ones seen."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from classifiers.scorer import CompiledScorer
from router.engine.learned import segment_of
from router.messages import text_of_messages
from router.policy.base import SegmentKey, segment_key
from router.policy.model import DIFFICULTY, TierName

__all__ = ["Seen", "band_cuts", "prompt_difficulty", "rebanded_traffic", "without_band"]

#: Scores needed per band, at least, before the cuts are learned.
SCORES_PER_BAND = 10


@dataclass(frozen=True)
class Seen:
    """One request served: its segment without the band, the tier, its length, its score."""

    key: SegmentKey
    served: TierName
    input_tokens: int | None
    score: float


def prompt_difficulty(scorer: CompiledScorer, prompt: str) -> float:
    """The difficulty score of a request of one user message, ``prompt``, as the decision
    scores and records it."""
    text = text_of_messages([{"role": "user", "content": prompt}])
    return round(scorer.score(text, explain=0).difficulty, 6)


def without_band(segment: Mapping[str, str]) -> SegmentKey:
    """``segment``'s key without its difficulty band."""
    return segment_key({k: v for k, v in segment.items() if k != DIFFICULTY})


def band_cuts(scores: Sequence[float], count: int) -> list[float] | None:
    """Cuts between ``count`` bands of equal shares of ``scores`` (distinct, inside 0..1,
    rounded to 4 places); ``None`` while there are too few scores, or all alike."""
    if len(scores) < SCORES_PER_BAND * count:
        return None
    quantiles = np.quantile(np.asarray(scores, dtype=float), np.arange(1, count) / count)
    cuts = sorted({round(float(q), 4) for q in quantiles} - {0.0, 1.0})
    cuts = [c for c in cuts if 0.0 < c < 1.0]
    return cuts or None


def rebanded_traffic(
    traffic: Mapping[SegmentKey, Counter[TierName]],
    lengths: Mapping[SegmentKey, deque[int]],
    seen: Iterable[Seen],
    keys: Sequence[str],
    bands: Sequence[float],
    lengths_kept: int,
) -> tuple[dict[SegmentKey, Counter[TierName]], dict[SegmentKey, deque[int]]]:
    """The requests counted per segment, put into bands where they are not yet: such a
    segment's count per tier shared among its bands as its newest requests ``seen`` were
    (one none of them were of keeps its count unbanded); and the newest lengths of the
    bands that had none."""
    counted = {key: Counter(by_tier) for key, by_tier in traffic.items() if DIFFICULTY in dict(key)}
    kept = {key: lengths[key] for key in counted if key in lengths}
    unbanded = {key: by_tier for key, by_tier in traffic.items() if key not in counted}
    recent: dict[SegmentKey, Counter[tuple[SegmentKey, TierName]]] = {}
    fresh: dict[SegmentKey, deque[int]] = {}
    for one in seen:
        if one.key not in unbanded:
            continue
        banded = segment_key(segment_of(dict(one.key), keys, one.score, bands))
        recent.setdefault(one.key, Counter())[banded, one.served] += 1
        if one.input_tokens is not None and banded not in kept:
            fresh.setdefault(banded, deque(maxlen=lengths_kept)).append(one.input_tokens)
    for key, by_tier in unbanded.items():
        shares = recent.get(key, Counter())
        per_tier = Counter[TierName]()
        for (_, tier), n in shares.items():
            per_tier[tier] += n
        for (banded, tier), n in shares.items():
            if count := round(by_tier[tier] * n / per_tier[tier]):
                counted.setdefault(banded, Counter())[tier] += count
        for tier, n in by_tier.items():  # a tier none of its newest requests had
            if tier not in per_tier:
                counted.setdefault(key, Counter())[tier] += n
                if key in lengths:
                    kept[key] = lengths[key]
    return counted, {**fresh, **kept}
