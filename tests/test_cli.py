"""The command line end to end, run as a user runs it: the installed console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEFAULT_POLICY, TIERROUTE

LONG_REPORT = """Since upgrading the agent from 4.2.1 to 4.3.0 our nightly sync fails.
Traceback (most recent call last):
  File "/opt/agent/sync.py", line 212, in run
    batch = client.fetch(cursor)
  File "/opt/agent/client.py", line 88, in fetch
    raise ConnectionResetError(104, "Connection reset by peer")
ConnectionResetError: [Errno 104] Connection reset by peer
2024-06-02 03:00:14 ERROR sync aborted after 3 retries (HTTP 502 from gateway)
What we already tried:
1. restarted the agent and the gateway
2. rolled back to 4.2.1 - then the export works but the import still fails
3. raised the timeout in config.yaml to 120s
Why does this only happen on the second batch, and how do we fix it without downgrading?"""


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TIERROUTE), *args], capture_output=True, text=True, input=stdin, timeout=120
    )


def test_help_lists_every_command() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("route", "train", "policy", "serve"):
        assert command in result.stdout
    for sub in (("route", "--help"), ("train", "--help"), ("policy", "check", "--help")):
        assert run(*sub).returncode == 0


def test_route_password_reset_is_small_with_reasons() -> None:
    result = run("route", "How do I reset my password?", "--json")
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert decision["tier"] == "small"
    assert decision["reasons"][0]["kind"] == "classifier"
    assert set(decision["probabilities"]) == {"small", "mid", "reasoning"}
    assert len(decision["policy_version"]) == 12


def test_route_long_debugging_report_is_reasoning() -> None:
    result = run("route", "-", "--json", stdin=LONG_REPORT)
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert decision["tier"] == "reasoning"
    details = " ".join(r["detail"] for r in decision["reasons"])
    assert "stack trace present" in details
    assert "version numbers present" in details


def test_route_rule_from_metadata_and_text_output() -> None:
    result = run(
        "route", "Where is my invoice?", "--meta", "priority=urgent", "--meta", "plan=enterprise"
    )
    assert result.returncode == 0, result.stderr
    assert "tier: mid" in result.stdout
    assert "rule 'urgent-enterprise' (floor mid) matched: small -> mid" in result.stdout
    bad = run("route", "x", "--meta", "novalue")
    assert bad.returncode == 2 and "is not KEY=VALUE" in bad.stderr


def test_policy_check_ok_and_broken(tmp_path: Path) -> None:
    ok = run("policy", "check", str(DEFAULT_POLICY))
    assert ok.returncode == 0 and ": ok (policy 'embedded-default'" in ok.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        DEFAULT_POLICY.read_text().replace("max_output_tokens: 128", "max_output_tokens: -128")
    )
    result = run("policy", "check", str(broken))
    assert result.returncode == 2
    line = 1 + DEFAULT_POLICY.read_text().splitlines().index("    max_output_tokens: 128")
    assert (
        f"{broken}:{line}: tiers.small.max_output_tokens: Input should be greater than 0"
        in result.stderr
    )


def test_policy_check_missing_classifier(tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(DEFAULT_POLICY.read_text().replace("builtin:tickets", "nope.json"))
    result = run("policy", "check", str(policy))
    assert result.returncode == 2
    assert f"routing.classifier: classifier file {tmp_path / 'nope.json'} does not exist" in (
        result.stderr
    )


def test_train_on_labelled_and_outcome_data_then_route(
    tmp_path: Path, tiny_labelled_file: Path, tiny_outcome_file: Path
) -> None:
    out = tmp_path / "clf.json"
    result = run(
        "train",
        "--data",
        str(tiny_labelled_file),
        "--data",
        str(tiny_outcome_file),
        "--out",
        str(out),
        "--cv",
        "3",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["examples"] == 36
    assert report["tier_counts"] == {"small": 12, "mid": 12, "reasoning": 12}
    assert 0.0 <= report["cv_accuracy"] <= 1.0
    policy = tmp_path / "p.yaml"
    policy.write_text(DEFAULT_POLICY.read_text().replace("builtin:tickets", "clf.json"))
    routed = run("route", "How do I reset my password?", "--policy", str(policy), "--json")
    assert routed.returncode == 0, routed.stderr
    assert json.loads(routed.stdout)["tier"] == "small"


def test_train_bad_data_names_file_and_line(tmp_path: Path) -> None:
    data = tmp_path / "bad.jsonl"
    data.write_text('{"text": "hi", "tier": "small"}\n{"text": "x", "tier": "huge"}\n')
    result = run("train", "--data", str(data), "--out", str(tmp_path / "o.json"))
    assert result.returncode == 2
    assert f"{data}:2: tier: 'huge' is not a tier; allowed: small, mid, reasoning" in result.stderr
    data.write_text("{not json\n")
    result = run("train", "--data", str(data), "--out", str(tmp_path / "o.json"))
    assert result.returncode == 2 and f"{data}:1: not valid JSON" in result.stderr


def test_route_path_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from router.cli import main\n"
        "sys.argv = ['tierroute', 'route', 'hello', '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('litellm', 'sklearn', 'fastapi', 'numpy') if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert "HEAVY []" in result.stderr, result.stderr


@pytest.mark.parametrize("args", [("route",), ("train", "--out", "x.json"), ("policy", "check")])
def test_usage_errors_exit_nonzero(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "Missing" in result.stderr


def test_policy_check_reports_every_file_and_what_cannot_serve(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(DEFAULT_POLICY.read_text().replace("mid: 0.35", "mid: 0.9"))
    unpriced = tmp_path / "unpriced.yaml"
    unpriced.write_text(
        DEFAULT_POLICY.read_text().replace(
            "  reasoning:\n    model: embedded/smollm2-135m-instruct\n    price: {input_per_mtok: "
            "0.0, output_per_mtok: 0.0}\n",
            "  reasoning:\n    model: openai/no-such-model-xyz\n",
        )
    )
    keyed = tmp_path / "keyed.yaml"
    keyed.write_text(
        DEFAULT_POLICY.read_text().replace(
            "    model: embedded/smollm2-135m-instruct\n",
            "    model: embedded/smollm2-135m-instruct\n    api_key_env: sk-live-secret-123\n",
            1,
        )
    )
    result = run("policy", "check", str(broken), str(DEFAULT_POLICY), str(unpriced), str(keyed))
    assert result.returncode == 2
    assert f"{broken}:" in result.stderr and "thresholds out of order" in result.stderr
    assert f"{DEFAULT_POLICY}: ok" in result.stdout
    assert (
        f"{unpriced}: tiers.reasoning.price: no price known for model 'openai/no-such-model-xyz'"
    ) in result.stderr
    assert f"{keyed}:" in result.stderr and "never the key itself" in result.stderr
    assert "sk-live-secret-123" not in result.stderr


def test_train_to_an_unwritable_place_is_a_clean_error(tiny_labelled_file: Path) -> None:
    result = run(
        "train", "--data", str(tiny_labelled_file), "--out", "/proc/nope/x.json", "--cv", "0"
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: cannot write /proc/nope/x.json")
