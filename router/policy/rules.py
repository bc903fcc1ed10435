"""Override rules of a policy: when one matches a request (its text or metadata), it
pins, raises, lowers the tier or hands the ticket to a person."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from router.policy.base import Strict as _Strict
from router.policy.base import TierName

__all__ = ["Match", "Rule"]


class Match(_Strict):
    """Conditions of a rule; every condition given must hold."""

    text_regex: str | None = None
    keywords: list[Annotated[str, Field(min_length=1)]] | None = None
    metadata: dict[str, str | list[str]] | None = None

    @field_validator("text_regex")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> Match:
        if self.text_regex is None and not self.keywords and not self.metadata:
            raise ValueError("give at least one of text_regex, keywords, metadata")
        return self


class Rule(_Strict):
    """An override rule: ``pin`` fixes the tier, ``floor`` raises it, ``cap`` lowers it;
    ``handoff`` hands the ticket to a person (a model still drafts the answer, on at least
    ``tier`` when it is given)."""

    name: Annotated[str, Field(min_length=1)]
    when: Match
    action: Literal["pin", "floor", "cap", "handoff"]
    tier: TierName | None = None

    @model_validator(mode="after")
    def _tier_given(self) -> Rule:
        if self.tier is None and self.action != "handoff":
            raise ValueError(f"rule {self.name!r}: action {self.action!r} needs a `tier`")
        return self
