"""The policy schema: the shipped policies load; each kind of mistake is named precisely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from router import load_policy, parse_policy
from router.errors import PolicyError

ROOT = Path(__file__).resolve().parent.parent

GOOD = """\
name: test
tiers:
  small:
    model: embedded/smollm2-135m-instruct
    max_input_tokens: 100
    max_output_tokens: 10
  mid:
    model: openai/gpt-4o-mini
    api_key_env: OPENAI_API_KEY
    max_input_tokens: 200
    max_output_tokens: 20
  reasoning:
    model: openai/o3-mini
    api_key_env: OPENAI_API_KEY
    max_input_tokens: 300
    max_output_tokens: 30
    reasoning: {effort: medium}
routing:
  thresholds: {mid: 0.3, reasoning: 0.7}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text)
    return path


def problem(tmp_path: Path, text: str) -> tuple[str, int | None, str, str]:
    path = write(tmp_path, text)
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert len(info.value.problems) >= 1
    file, line, field, message = info.value.problems[0]
    assert file == str(path)
    return file, line, field, message


@pytest.mark.parametrize("path", sorted((ROOT / "policies").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_policies_load(path: Path) -> None:
    policy = load_policy(path)
    assert [t for t in ("small", "mid", "reasoning") if policy.tier(t)]
    assert re.fullmatch(r"[0-9a-f]{12}", policy.version)


def test_good_policy_loads_with_defaults(tmp_path: Path) -> None:
    policy = load_policy(write(tmp_path, GOOD))
    assert policy.tier("mid").api_key_env == "OPENAI_API_KEY"
    assert policy.tier("small").input_overflow == "reject"
    assert policy.escalation.max_steps == 1
    assert policy.routing.classifier == "builtin:tickets"
    assert policy.source_dir == tmp_path


def test_version_is_a_hash_of_content_not_of_formatting() -> None:
    a = parse_policy(GOOD)
    b = parse_policy("# a comment\n" + GOOD)
    c = parse_policy(GOOD.replace("mid: 0.3", "mid: 0.31"))
    assert a.version == b.version
    assert a.version != c.version


def test_unknown_key_names_line_field_and_allowed_keys(tmp_path: Path) -> None:
    text = GOOD.replace(
        "    max_output_tokens: 20\n", "    max_output_tokens: 20\n    colour: red\n"
    )
    _, line, field, message = problem(tmp_path, text)
    assert (line, field) == (12, "tiers.mid.colour")
    assert message.startswith("unknown key; allowed keys here: model, api_base, api_key_env")
    assert "max_output_tokens" in message


def test_wrong_type(tmp_path: Path) -> None:
    _, line, field, message = problem(
        tmp_path, GOOD.replace("max_input_tokens: 200", "max_input_tokens: lots")
    )
    assert (line, field) == (10, "tiers.mid.max_input_tokens")
    assert "valid integer" in message and "'lots'" in message


def test_negative_budget(tmp_path: Path) -> None:
    _, line, field, message = problem(
        tmp_path, GOOD.replace("max_output_tokens: 30", "max_output_tokens: -5")
    )
    assert (line, field) == (16, "tiers.reasoning.max_output_tokens")
    assert message == "Input should be greater than 0 (got -5)"


def test_thresholds_out_of_order(tmp_path: Path) -> None:
    _, line, field, message = problem(
        tmp_path, GOOD.replace("{mid: 0.3, reasoning: 0.7}", "{mid: 0.8, reasoning: 0.7}")
    )
    assert (line, field) == (19, "routing.thresholds")
    assert "mid (0.8) must be <= reasoning (0.7)" in message


def test_missing_tier(tmp_path: Path) -> None:
    start = GOOD.index("  mid:")
    end = GOOD.index("  reasoning:")
    _, line, field, message = problem(tmp_path, GOOD[:start] + GOOD[end:])
    assert (line, field) == (2, "tiers.mid")
    assert "small, mid and reasoning" in message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("max_output_tokens: 10", "max_output_tokens: 0").replace(
        "max_output_tokens: 30", "max_output_tokens: -1"
    )
    with pytest.raises(PolicyError) as info:
        load_policy(write(tmp_path, text))
    fields = [p[2] for p in info.value.problems]
    assert fields == ["tiers.small.max_output_tokens", "tiers.reasoning.max_output_tokens"]
    assert str(info.value).count(str(tmp_path / "policy.yaml")) == 2


def test_key_instead_of_env_name_is_refused(tmp_path: Path) -> None:
    _, line, field, message = problem(
        tmp_path, GOOD.replace("api_key_env: OPENAI_API_KEY", "api_key_env: sk-abc-123", 1)
    )
    assert (line, field) == (9, "tiers.mid.api_key_env")
    assert "never the key itself" in message


def test_reasoning_budget_needs_exactly_one(tmp_path: Path) -> None:
    _, _, field, message = problem(
        tmp_path, GOOD.replace("{effort: medium}", "{effort: medium, budget_tokens: 100}")
    )
    assert field == "tiers.reasoning.reasoning"
    assert "exactly one of `effort`" in message


def test_bad_rule_regex_and_action(tmp_path: Path) -> None:
    text = (
        GOOD
        + """  rules:
    - name: r1
      when: {text_regex: "(unclosed"}
      action: floor
      tier: mid
    - name: r2
      when: {keywords: [refund]}
      action: promote
      tier: mid
"""
    )
    with pytest.raises(PolicyError) as info:
        load_policy(write(tmp_path, text))
    by_field = {p[2]: p for p in info.value.problems}
    assert by_field["routing.rules.0.when.text_regex"][1] == 22
    assert "not a valid regular expression" in by_field["routing.rules.0.when.text_regex"][3]
    assert by_field["routing.rules.1.action"][1] == 27
    assert "'pin', 'floor', 'cap' or 'handoff'" in by_field["routing.rules.1.action"][3]


def test_unknown_tier_in_rule(tmp_path: Path) -> None:
    text = (
        GOOD
        + """  rules:
    - name: r1
      when: {metadata: {priority: urgent}}
      action: pin
      tier: huge
"""
    )
    _, line, field, message = problem(tmp_path, text)
    assert (line, field) == (24, "routing.rules.0.tier")
    assert "'small', 'mid' or 'reasoning'" in message


def test_duplicate_key(tmp_path: Path) -> None:
    _, line, field, message = problem(
        tmp_path, GOOD.replace("name: test\n", "name: test\nname: again\n")
    )
    assert (line, field) == (2, "name")
    assert message == "duplicate key (first given on line 1)"


def test_yaml_syntax_error(tmp_path: Path) -> None:
    _, line, field, message = problem(tmp_path, GOOD.replace("mid: 0.3,", "mid: [0.3,"))
    assert field == "(syntax)"
    assert line is not None and message.startswith("not valid YAML")


def test_not_a_mapping_and_missing_file(tmp_path: Path) -> None:
    _, line, field, _ = problem(tmp_path, "- just\n- a list\n")
    assert (line, field) == (1, "(top level)")
    with pytest.raises(PolicyError, match=r"nope.yaml: \(file\): no such file"):
        load_policy(tmp_path / "nope.yaml")


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    _, line, field, message = problem(tmp_path, "name: &a [*a]\n")
    assert (line, field) == (1, "name.0")
    assert message.startswith("YAML anchors and aliases (&name / *name) are not allowed")
    laughs = "a: &a [x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n"
        for i in range(8)
    )
    _, _, field, _ = problem(tmp_path, laughs)
    assert field == "b.0"


@pytest.mark.parametrize("path", sorted((ROOT / "policies").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_policies_can_serve(path: Path) -> None:
    from router.engine.readiness import serving_problems

    assert serving_problems(load_policy(path)) == []


def test_a_rule_that_moves_the_tier_names_one(tmp_path: Path) -> None:
    text = GOOD + "  rules:\n    - {name: r1, when: {keywords: [refund]}, action: floor}\n"
    with pytest.raises(PolicyError) as info:
        load_policy(write(tmp_path, text))
    assert "rule 'r1': action 'floor' needs a `tier`" in str(info.value)
    handoff = GOOD + "  rules:\n    - {name: legal, when: {keywords: [lawsuit]}, action: handoff}\n"
    rule = load_policy(write(tmp_path, handoff)).routing.rules[0]
    assert rule.action == "handoff" and rule.tier is None
