"""The classifier file format: plain JSON, never pickle.

A file holds the tier ladder, the feature settings and one weight per (feature, cut).
Both the scikit-learn estimator and the compiled scorer load from it.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

__all__ = [
    "BUILTIN_DIR",
    "FORMAT",
    "RETIRED_FORMATS",
    "ArtifactError",
    "ClassifierArtifact",
    "read_artifact",
    "resolve_classifier_path",
    "write_artifact",
]

FORMAT = "tierroute.difficulty-classifier/2"
#: Formats this version can no longer score, and what changed since.
RETIRED_FORMATS = {
    "tierroute.difficulty-classifier/1": "character n-grams are now weighted per word",
}
BUILTIN_DIR = Path(__file__).resolve().parent / "models"
_FORMAT_FIELD = re.compile(rb'\s*\{\s*"format"\s*:\s*"([^"\\]{1,100})"')


class ArtifactError(ValueError):
    """A classifier file is missing, unreadable or not in this format."""


class ClassifierArtifact(BaseModel):
    """Everything needed to score a text, as stored on disk."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: str = FORMAT
    tiers: list[str] = Field(min_length=2)
    model_classes: list[int]
    word_ngram_range: tuple[int, int] | None
    char_ngram_range: tuple[int, int] | None
    max_chars: int = Field(gt=0)
    params: dict[str, Any] = Field(default_factory=dict)
    intercepts: list[float]
    weights: dict[str, list[float]]
    metadata: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> ClassifierArtifact:
        if self.format != FORMAT:
            raise ValueError(f"format must be {FORMAT!r}, got {self.format!r}")
        cuts = len(self.model_classes) - 1
        if len(self.intercepts) != cuts:
            raise ValueError(f"expected {cuts} intercepts, got {len(self.intercepts)}")
        if any(not 0 <= c < len(self.tiers) for c in self.model_classes):
            raise ValueError("model_classes must index into tiers")
        bad = next((name for name, w in self.weights.items() if len(w) != cuts), None)
        if bad is not None:
            raise ValueError(f"feature {bad!r} must have {cuts} weights")
        if not all(math.isfinite(v) for w in self.weights.values() for v in w):
            raise ValueError("weights must be finite numbers")
        return self


def resolve_classifier_path(spec: str, base_dir: Path | None = None) -> Path:
    """Turn a policy's ``classifier`` value into a file path.

    ``builtin:NAME`` is a classifier shipped in ``classifiers/models/NAME.json``; any
    other value is a path, relative to ``base_dir`` (the policy's directory) if relative.
    """
    if spec.startswith("builtin:"):
        return BUILTIN_DIR / f"{spec.removeprefix('builtin:')}.json"
    path = Path(spec)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    return path


def read_artifact(path: Path) -> tuple[ClassifierArtifact, str]:
    """Load and check the artifact at ``path``; also return its content hash."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        hint = ""
        if path.parent == BUILTIN_DIR:
            hint = " (the shipped classifier is built by `make setup`, or run `make classifier`)"
        raise ArtifactError(f"classifier file {path} does not exist{hint}") from exc
    except OSError as exc:
        raise ArtifactError(f"cannot read classifier file {path}: {exc}") from exc
    _refuse_retired_format(path, raw)
    try:
        artifact = ClassifierArtifact.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ArtifactError(
            f"{path} is not a tierroute classifier file: {where}: {first['msg']}"
        ) from exc
    return artifact, hashlib.sha256(raw).hexdigest()[:12]


def _refuse_retired_format(path: Path, raw: bytes) -> None:
    found = _FORMAT_FIELD.match(raw)
    retired = found.group(1).decode("utf-8", "replace") if found else ""
    if retired in RETIRED_FORMATS:
        how = "`make classifier`" if path.parent == BUILTIN_DIR else "`tierroute train`"
        raise ArtifactError(
            f"{path} is a classifier in the retired format {retired!r} "
            f"({RETIRED_FORMATS[retired]}); this tierroute reads {FORMAT!r}: "
            f"retrain it with {how}"
        )


def write_artifact(artifact: BaseModel, path: Path) -> None:
    """Write a model file (classifier or answer model) to ``path`` as JSON, atomically:
    a temp file, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(artifact.model_dump(mode="json"), ensure_ascii=False))
    tmp.replace(path)
