"""The generator's data files (``templates/*.yaml``), loaded and checked into typed records.

One file per language (vocabulary, list headers, framing pools, templates per tier) and
``artifacts.yaml`` (pasted traces, logs and configs). The files' comments describe them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TIERS = ("small", "mid", "reasoning")
TONES = ("polite", "casual", "angry")  # tones with their own greetings and sign-offs
VOCABULARY = ("first_names", "last_names", "companies", "months", "weekdays", "cities", "countries")

# libyaml's loader when PyYAML was built with it (much faster), else the pure-Python one
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Template:
    """A ticket template and the product kind it fits (``any``: a product of any kind)."""

    kind: str
    text: str


@dataclass(frozen=True)
class Pools:
    """The framing around a template: see ``compose`` for when each pool is drawn from."""

    small_ctx_biz: list[str]
    small_ctx: list[str]
    greet: dict[str, list[str]]  # by tone
    sign: dict[str, list[str]]  # by tone
    pre: list[str]
    post: list[str]
    angry_pre: list[str]
    mid_ctx: list[str]
    r_open: list[str]
    r_open_biz: list[str]
    r_close: list[str]
    r_close_biz: list[str]


@dataclass(frozen=True)
class Language:
    """Everything language-specific: slot vocabulary, list headers, framing, templates."""

    code: str
    first_names: list[str]
    last_names: list[str]
    companies: list[str]
    months: list[str]
    weekdays: list[str]
    cities: list[str]
    countries: list[str]
    headers: list[list[str]]  # groups of interchangeable list headers
    pools: Pools
    content: dict[str, list[Template]]  # by tier


@dataclass(frozen=True)
class Artifact:
    """A pasted stack trace, log or config, referenced from templates as ``{art_NAME}``."""

    fence: str  # the code fence's language tag ("" for none)
    partial: bool  # still makes sense when only part of it is pasted
    body: str


def _mapping(
    value: object, where: str, keys: Collection[str], optional: Collection[str] = ()
) -> dict[str, Any]:
    """``value`` as a mapping that has all of ``keys``, and no keys but those and ``optional``."""
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected a mapping")
    missing = [key for key in keys if key not in value]
    unknown = [key for key in value if key not in keys and key not in optional]
    if missing or unknown:
        raise ValueError(f"{where}: missing keys {missing}, unknown keys {unknown}")
    return value


def _strings(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{where}: expected a list of strings")
    return value


def _str(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected a string")
    return value


def _by_tone(value: object, where: str) -> dict[str, list[str]]:
    tones = _mapping(value, where, TONES)
    return {tone: _strings(tones[tone], f"{where}.{tone}") for tone in TONES}


def _pools(value: object, where: str) -> Pools:
    raw = _mapping(value, where, list(Pools.__dataclass_fields__))

    def strings(name: str) -> list[str]:
        return _strings(raw[name], f"{where}.{name}")

    return Pools(
        small_ctx_biz=strings("small_ctx_biz"),
        small_ctx=strings("small_ctx"),
        greet=_by_tone(raw["greet"], f"{where}.greet"),
        sign=_by_tone(raw["sign"], f"{where}.sign"),
        pre=strings("pre"),
        post=strings("post"),
        angry_pre=strings("angry_pre"),
        mid_ctx=strings("mid_ctx"),
        r_open=strings("r_open"),
        r_open_biz=strings("r_open_biz"),
        r_close=strings("r_close"),
        r_close_biz=strings("r_close_biz"),
    )


def _templates(value: object, where: str) -> list[Template]:
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected a list")
    out = []
    for n, item in enumerate(value):
        entry = _mapping(item, f"{where}[{n}]", ("kind", "text"))
        out.append(
            Template(
                _str(entry["kind"], f"{where}[{n}].kind"), _str(entry["text"], f"{where}[{n}]")
            )
        )
    return out


def _load(path: Path) -> object:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def load_language(code: str, directory: Path = TEMPLATES_DIR) -> Language:
    """Load ``<directory>/<code>.yaml``."""
    where = f"{code}.yaml"
    raw = _mapping(_load(directory / where), where, ("vocab", "headers", "pools", "content"))
    vocab = _mapping(raw["vocab"], f"{where}: vocab", VOCABULARY)

    def words(key: str) -> list[str]:
        return _strings(vocab[key], f"{where}: vocab.{key}")

    if not isinstance(raw["headers"], list):
        raise ValueError(f"{where}: headers: expected a list of lists")
    content = _mapping(raw["content"], f"{where}: content", TIERS)
    return Language(
        code=code,
        first_names=words("first_names"),
        last_names=words("last_names"),
        companies=words("companies"),
        months=words("months"),
        weekdays=words("weekdays"),
        cities=words("cities"),
        countries=words("countries"),
        headers=[_strings(group, f"{where}: headers") for group in raw["headers"]],
        pools=_pools(raw["pools"], f"{where}: pools"),
        content={tier: _templates(content[tier], f"{where}: content.{tier}") for tier in TIERS},
    )


def load_artifacts(directory: Path = TEMPLATES_DIR) -> dict[str, Artifact]:
    """Load ``<directory>/artifacts.yaml``: artifact name -> artifact."""
    raw = _load(directory / "artifacts.yaml")
    if not isinstance(raw, dict):
        raise ValueError("artifacts.yaml: expected a mapping")
    out = {}
    for name, value in raw.items():
        where = f"artifacts.yaml: {name}"
        entry = _mapping(value, where, ("body",), optional=("fence", "partial"))
        partial = entry.get("partial", False)
        if not isinstance(partial, bool):
            raise ValueError(f"{where}.partial: expected true or false")
        out[str(name)] = Artifact(
            fence=_str(entry.get("fence", ""), f"{where}.fence"),
            partial=partial,
            body=_str(entry["body"], f"{where}.body"),
        )
    return out
