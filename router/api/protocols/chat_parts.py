"""The parts of a chat message's content: text, images, audio, files."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AudioPart",
    "ContentPart",
    "FilePart",
    "ImagePart",
    "ImageUrl",
    "InputAudio",
    "TextPart",
]


class _Part(BaseModel):
    """A part of a message's content; fields OpenAI adds later pass through."""

    model_config = ConfigDict(extra="allow", strict=True)


class TextPart(_Part):
    """A text part of a message's content."""

    type: Literal["text"]
    text: str


class ImageUrl(_Part):
    """Where an image is (a URL or a ``data:`` URL) and the detail asked for."""

    url: str
    detail: Literal["auto", "low", "high"] | None = None


class ImagePart(_Part):
    """An image part of a user message (passed on to tiers that take images)."""

    type: Literal["image_url"]
    image_url: ImageUrl


class InputAudio(_Part):
    """Audio as base64 data, and its format."""

    data: str
    format: Literal["wav", "mp3"]


class AudioPart(_Part):
    """An audio part of a user message."""

    type: Literal["input_audio"]
    input_audio: InputAudio


class FilePart(_Part):
    """A file part (``file_id`` or ``file_data`` and ``filename``), passed on as sent."""

    type: Literal["file"]
    file: dict[str, str] = Field(min_length=1)


ContentPart = Annotated[TextPart | ImagePart | AudioPart | FilePart, Field(discriminator="type")]
