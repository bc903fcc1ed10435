"""Anthropic's content blocks, as a request carries them: text, images (base64 or URL),
tool use and tool results, thinking."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Base64Source",
    "Block",
    "ImageBlock",
    "TextBlock",
    "ThinkingBlock",
    "ToolResultBlock",
    "ToolUseBlock",
    "UrlSource",
]


class _Block(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)


class TextBlock(_Block):
    """Text."""

    type: Literal["text"]
    text: str


class Base64Source(_Block):
    """An image's bytes, base64-encoded."""

    type: Literal["base64"]
    media_type: Literal["image/jpeg", "image/png", "image/gif", "image/webp"]
    data: str


class UrlSource(_Block):
    """An image at a URL."""

    type: Literal["url"]
    url: str


class ImageBlock(_Block):
    """An image (user turns)."""

    type: Literal["image"]
    source: Annotated[Base64Source | UrlSource, Field(discriminator="type")]


class ToolUseBlock(_Block):
    """A tool the assistant called (assistant turns)."""

    type: Literal["tool_use"]
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    input: dict[str, Any]


class ToolResultBlock(_Block):
    """What a tool returned (user turns)."""

    type: Literal["tool_result"]
    tool_use_id: str = Field(min_length=1)
    content: str | list[TextBlock | ImageBlock] = ""
    is_error: bool | None = None


class ThinkingBlock(_Block):
    """An earlier turn's thinking (dropped: no other provider reads it)."""

    type: Literal["thinking", "redacted_thinking"]


Block = Annotated[
    TextBlock | ImageBlock | ToolUseBlock | ToolResultBlock | ThinkingBlock,
    Field(discriminator="type"),
]
