"""`tierroute eval` and its metrics, against hand-computed examples."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from router.offline.quality_metrics import (
    CurvePoint,
    confusion_matrix,
    pareto_front,
    two_tier_report,
)
from tests.conftest import TIERROUTE


def test_two_tier_pgr_apgr_and_cpt_by_hand() -> None:
    # 4 rows; the router ranks rows 0,1,2,3 hardest first. weak answers rows 2 and 3,
    # strong answers all: weak quality 0.5, strong 1.0, gap 0.5 (2 rows).
    report = two_tier_report([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1], [1, 1, 1, 1])
    # sending the k hardest to strong recovers 0, 1, 2, 2, 2 rows of the gap of 2
    assert report.curve == [(0.0, 0.0), (0.25, 0.5), (0.5, 1.0), (0.75, 1.0), (1.0, 1.0)]
    # trapezoids: 0.25*(0+0.5)/2 + 0.25*(0.5+1)/2 + 0.25*1 + 0.25*1 = 0.0625+0.1875+0.5
    assert report.apgr == pytest.approx(0.75)
    assert report.cpt == {"50%": 0.25, "80%": 0.5}
    # a router that ranks the easy rows first recovers nothing until the end
    worst = two_tier_report([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], [1, 1, 1, 1])
    assert worst.apgr == pytest.approx(0.25) and worst.cpt["80%"] == 1.0


def test_confusion_and_pareto() -> None:
    assert confusion_matrix(["a", "b", "b"], ["a", "a", "b"], ["a", "b"]) == [[1, 0], [1, 1]]
    points = [
        CurvePoint(cost_share=c, quality_share=q)
        for c, q in [(0.5, 0.9), (0.4, 0.95), (0.6, 0.97), (0.7, 0.96), (0.1, 0.5)]
    ]
    front = pareto_front(points)
    assert [(p.cost_share, p.quality_share) for p in front] == [
        (0.1, 0.5),
        (0.4, 0.95),
        (0.6, 0.97),
    ]


def test_eval_cli_on_labelled_and_outcome_data(tmp_path: Path, tiny_labelled_file: Path) -> None:
    labelled = subprocess.run(
        [str(TIERROUTE), "eval", "--data", str(tiny_labelled_file), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert labelled.returncode == 0, labelled.stderr
    report = json.loads(labelled.stdout)
    assert report["kind"] == "tier-labelled" and report["rows"] == 18
    assert sum(map(sum, report["confusion"])) == 18
    rows = [
        {"id": str(i), "prompt": text, "scores": {"small": s, "large": 1}}
        for i, (text, s) in enumerate(
            [("How do I reset my password?", 1), ("Traceback (most recent call last): KeyError", 0)]
        )
    ]
    data = tmp_path / "two.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    plot = tmp_path / "pgr.png"
    two = subprocess.run(
        [str(TIERROUTE), "eval", "--data", str(data), "--plot", str(plot)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert two.returncode == 0, two.stderr
    assert "APGR 0.750; CPT(50%) 50.0%, CPT(80%) 50.0%" in two.stdout
    assert plot.stat().st_size > 1000


def test_simulate_reads_the_confusion_that_eval_writes(
    tmp_path: Path, tiny_labelled_file: Path
) -> None:
    report = tmp_path / "eval.json"
    evaluated = subprocess.run(
        [str(TIERROUTE), "eval", "--data", str(tiny_labelled_file), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    report.write_text(evaluated.stdout)
    simulated = subprocess.run(
        [str(TIERROUTE), "simulate", "--confusion", str(report), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert simulated.returncode == 0, simulated.stderr
    assert json.loads(simulated.stdout)
