"""Judging answers: exactly, where the request is closed-form (a choice among lettered
options, or a number), else by a judge tier asked with the policy's prompt."""

from __future__ import annotations

import re

__all__ = ["closed_form_answer", "is_closed_form", "judge_messages", "parse_verdict"]

_OPTIONS = re.compile(r"(?m)^\s*\(?([A-J])[).:]\s+\S")
_CHOICE = re.compile(
    r"(?i)(?:answer|option|choice)\s*(?:is|:)?\s*(?:\*\*)?\(?([A-J])\)?(?![A-Za-z])"
)
_NUMBER = re.compile(r"(?i)(?:answer|result|total)\s*(?:is|:|=)?\s*(-?\d+(?:[.,]\d+)?)")
_LAST_NUMBER = re.compile(r"(-?\d+(?:\.\d+)?)\s*\.?\s*$")
_VERDICT = re.compile(r"(?<![\d.])(0(?:\.\d+)?|1(?:\.0+)?)(?![\d.])")


def is_closed_form(prompt: str) -> bool:
    """Whether ``prompt`` offers lettered options (two or more)."""
    return len(set(_OPTIONS.findall(prompt))) >= 2


def closed_form_answer(answer: str, prompt: str) -> str | None:
    """The final answer of ``answer``: the option letter it settles on (for a prompt with
    options), else the number it gives as its answer; ``None`` when it names none."""
    if is_closed_form(prompt):
        found = _CHOICE.findall(answer)
        return str(found[-1]).upper() if found else None
    found = _NUMBER.findall(answer)
    if found:
        return str(found[-1]).replace(",", ".")
    last = _LAST_NUMBER.search(answer.strip())
    return last.group(1) if last else None


def judge_messages(judge_prompt: str, request_text: str, answer: str) -> list[dict[str, str]]:
    """The judge tier's conversation for one answer."""
    return [
        {"role": "system", "content": judge_prompt},
        {"role": "user", "content": f"Request:\n{request_text}\n\nAnswer:\n{answer}"},
    ]


def parse_verdict(text: str) -> float | None:
    """The judge's score: the first number from 0 to 1 in its reply."""
    found = _VERDICT.search(text)
    return float(found.group(1)) if found else None
