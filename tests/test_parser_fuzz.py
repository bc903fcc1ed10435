"""Hypothesis fuzzing of what reads operator and user files: the policy loader (YAML text
and structures) and the ticket readers (JSONL and CSV lines, stream entries).

Whatever the input, the outcome is a value or one of tierroute's own errors
(``PolicyError`` naming the file and line, ``RequestError``, a ``BadRow`` with a reason, a
pydantic ``ValidationError`` where the caller turns it into one): never a KeyError,
TypeError, AttributeError, RecursionError or any other crash.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from router.engine.decide import compile_rules
from router.errors import PolicyError, RequestError
from router.pipeline.sources import BadRow, ColumnMapping, read_tickets, ticket_from_mapping
from router.pipeline.tickets import Ticket, ticket_request
from router.policy.loading import load_policy, parse_policy
from tests.conftest import DEFAULT_POLICY

FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
tried: dict[str, int] = {}


def count(what: str) -> None:
    tried[what] = tried.get(what, 0) + 1


@pytest.fixture(scope="module", autouse=True)
def report() -> Any:
    yield
    print(f"bad inputs tried: {sum(tried.values())} {tried}")


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["small", "mid", "reasoning", "pin", "floor", "cap", "[", "(?P<", "*"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=10), st.integers()), inner, max_size=4),
    ),
    max_leaves=12,
)

DEFAULT_DATA: dict[str, Any] = yaml.safe_load(DEFAULT_POLICY.read_text())
DEFAULT_TEXT = DEFAULT_POLICY.read_text()


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into ``node`` (mapping keys and list indexes)."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


POLICY_PATHS = paths(DEFAULT_DATA)


def mutated(data: Any, path: tuple[Any, ...], action: str, value: Any) -> Any:
    """``data`` with the node at ``path`` replaced, deleted, or given an extra key."""
    if not path:
        return value if action == "replace" else data
    copy = json.loads(json.dumps(data))
    parent = copy
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "replace":
        parent[last] = value
    elif action == "delete":
        del parent[last]
    elif isinstance(parent[last], dict):
        parent[last][f"extra_{len(parent[last])}"] = value
    else:
        parent[last] = [parent[last], value]
    return copy


def parse_or_policy_error(text: str) -> None:
    try:
        policy = parse_policy(text, source="fuzz.yaml")
    except PolicyError as exc:
        assert exc.problems and str(exc).startswith("fuzz.yaml")
        return
    # anything else propagates and fails the test; a policy that loads can be used
    compile_rules(policy)
    assert len(policy.version) == 12


@FUZZ
@given(st.text(max_size=300))
def test_policy_loader_on_any_text(text: str) -> None:
    count("policy text")
    parse_or_policy_error(text)


@FUZZ
@given(st.text(alphabet="{}[]:,-?&*!|>'\"#%@` \n\tab01.~", max_size=120))
def test_policy_loader_on_yaml_punctuation(text: str) -> None:
    count("policy yaml punctuation")
    parse_or_policy_error(text)


@FUZZ
@given(values)
def test_policy_loader_on_any_structure(data: Any) -> None:
    count("policy structure")
    parse_or_policy_error(yaml.safe_dump(data, allow_unicode=True))


@FUZZ
@given(
    st.sampled_from(POLICY_PATHS),
    st.sampled_from(["replace", "delete", "extend"]),
    values,
)
def test_policy_loader_on_a_mutated_policy(path: tuple[Any, ...], action: str, value: Any) -> None:
    count("policy mutation")
    parse_or_policy_error(yaml.safe_dump(mutated(DEFAULT_DATA, path, action, value)))


@FUZZ
@given(st.integers(0, len(DEFAULT_TEXT)), st.integers(0, 40), st.text(max_size=10))
def test_policy_loader_on_a_damaged_file(
    tmp_path_factory: pytest.TempPathFactory, start: int, cut: int, insert: str
) -> None:
    count("policy file damage")
    damaged = DEFAULT_TEXT[:start] + insert + DEFAULT_TEXT[start + cut :]
    path = tmp_path_factory.mktemp("policy") / "damaged.yaml"
    path.write_text(damaged, encoding="utf-8", errors="surrogatepass")
    try:
        load_policy(path)
    except PolicyError as exc:
        assert str(exc).startswith(str(path))


def test_policy_loader_on_nesting_and_aliases(tmp_path: Path) -> None:
    for text in (
        "[" * 5000 + "]" * 5000,
        "a: " + "{b: " * 3000 + "1" + "}" * 3000,
        "- " * 2000 + "x",
        "a: &x [1, 2]\nb: *x\n",
        "a: &x {b: *x}\n",
        "%YAML 9.9\n---\na: 1\n",
        "--- 1\n--- 2\n",
        "\ufeffname: x\n",
        "!!python/object:os.system {}\n",
        "name: !!binary aGk=\n",
        "? [a, b]\n: c\n",
        "name: 2024-01-01\ntiers: 12:30:00\n",
    ):
        count("policy edge case")
        parse_or_policy_error(text)
    bad = tmp_path / "not-utf8.yaml"
    bad.write_bytes(b"name: caf\xe9\n")
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(bad)


# ---- tickets -------------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False),
        st.text(max_size=20),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)
ticket_keys = st.sampled_from(
    ["id", "subject", "body", "text", "priority", "customer", "metadata", "tier", "other"]
)
ticket_rows = st.dictionaries(ticket_keys, json_values, max_size=6)
json_lines = st.one_of(
    ticket_rows.map(json.dumps),
    json_values.map(json.dumps),
    st.text(max_size=60),
    st.sampled_from(["[" * 3000, '{"id": ' * 2000, "\ufeff{}", "{}" * 3, '{"id": "\\ud800"}']),
)


def check_items(items: list[Ticket | BadRow]) -> None:
    for item in items:
        if isinstance(item, BadRow):
            assert item.error and item.where and item.id
            item.id.encode("utf-8")  # ids are written to result files
        else:
            ticket_request(item)  # a ticket read is a ticket the engine takes


@FUZZ
@given(st.lists(json_lines, max_size=8), st.sampled_from(["utf-8", "latin-1", "utf-16"]))
def test_jsonl_reader(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], encoding: str
) -> None:
    count("jsonl file")
    path = tmp_path_factory.mktemp("jsonl") / "tickets.jsonl"
    errors = "surrogatepass" if encoding.startswith("utf") else "replace"
    path.write_bytes("\n".join(lines).encode(encoding, errors=errors))
    try:
        items = list(read_tickets(path))
    except RequestError:
        return
    check_items(items)


cells = st.one_of(
    st.text(max_size=15),
    st.sampled_from(["", '"', '""', "\n", "\r", "\x00", ",", "id", "body", "subject"]),
)


@FUZZ
@given(
    st.lists(st.lists(cells, max_size=5), max_size=6),
    st.sampled_from(["id", "ticket", ""]),
    st.lists(st.sampled_from(["subject", "body", "text", "nope", ""]), max_size=2),
    st.lists(st.sampled_from(["priority", "lang", "", "id"]), max_size=2),
    st.booleans(),
)
def test_csv_reader(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[list[str]],
    id_column: str,
    text_columns: list[str],
    meta_columns: list[str],
    raw: bool,
) -> None:
    count("csv file")
    path = tmp_path_factory.mktemp("csv") / "tickets.csv"
    if raw:  # whatever the lines hold, not quoted
        path.write_text("\n".join(",".join(row) for row in rows), errors="surrogatepass")
    else:
        buffer = io.StringIO()
        csv.writer(buffer).writerows([["id", "subject", "body", "priority"], *rows])
        path.write_text(buffer.getvalue(), errors="surrogatepass")
    mapping = ColumnMapping(
        id_column=id_column, text_columns=tuple(text_columns), meta_columns=tuple(meta_columns)
    )
    try:
        items = list(read_tickets(path, mapping))
    except RequestError:
        return
    check_items(items)


@FUZZ
@given(
    st.dictionaries(st.one_of(ticket_keys, st.text(max_size=5)), json_values, max_size=6),
    st.booleans(),
)
def test_ticket_from_a_row(row: dict[str, Any], mapped: bool) -> None:
    count("ticket row")
    mapping = ColumnMapping(text_columns=("subject", "body") if mapped else ())
    try:
        ticket = ticket_from_mapping(row, mapping, fallback_id="line-1")
    except (RequestError, ValidationError):
        return
    ticket_request(ticket)


@FUZZ
@given(st.one_of(ticket_rows.map(json.dumps), st.binary(max_size=60), st.text(max_size=60)))
def test_ticket_from_a_stream_entry(raw: str | bytes) -> None:
    """What a worker does with an entry's ``ticket`` field."""
    count("stream entry")
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        ticket = Ticket.model_validate_json(text)
    except (UnicodeDecodeError, ValidationError):
        return
    ticket_request(ticket)


def test_a_deeply_nested_jsonl_line_is_a_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text('{"id": "a", "body": "fine"}\n' + "[" * 100_000 + "\n")
    first, second = list(read_tickets(path))
    assert isinstance(first, Ticket) and first.id == "a"
    assert isinstance(second, BadRow)
    assert second.where == f"{path}:2" and second.error == "not a ticket: JSON nested too deeply"
