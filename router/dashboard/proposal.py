"""A policy proposed on the tuning page, checked as ``tierroute policy check`` checks a
file: valid (every problem with its line and field), able to serve, its classifier
loadable. Its relative paths are read from the policy file's directory, and problems
name that file, as they would once it is saved there."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from router.engine.readiness import serving_problems
from router.errors import ConfigError, PolicyError
from router.policy.loading import load_policy_scorer, parse_policy
from router.policy.model import Policy

__all__ = ["Problem", "ProposalProblems", "check_proposal"]


class Problem(BaseModel):
    """One problem of a proposed policy."""

    file: str
    line: int | None
    field: str
    message: str


class ProposalProblems(Exception):
    """The proposed policy is not one that could serve; ``problems`` says each thing wrong."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(_line(p) for p in problems))


def _line(problem: Problem) -> str:
    where = f"{problem.file}:{problem.line}" if problem.line else problem.file
    return f"{where}: {problem.field}: {problem.message}"


def check_proposal(text: str, path: Path) -> Policy:
    """The policy ``text`` (meant for the file at ``path``) if it could serve, else
    :class:`ProposalProblems`."""
    source = str(path)
    try:
        policy = parse_policy(text, source=source, source_dir=path.resolve().parent)
    except PolicyError as exc:
        raise ProposalProblems(
            [
                Problem(file=f, line=line, field=field, message=m)
                for f, line, field, m in exc.problems
            ]
        ) from exc
    except ConfigError as exc:  # not YAML at all, say
        problem = Problem(file=source, line=None, field="(file)", message=str(exc))
        raise ProposalProblems([problem]) from exc
    problems = serving_problems(policy)
    try:
        load_policy_scorer(policy)
    except ConfigError as exc:
        problems.append(str(exc))
    if problems:
        raise ProposalProblems(
            [Problem(file=source, line=None, field="(serving)", message=p) for p in problems]
        )
    return policy
