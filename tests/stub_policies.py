"""Policy YAML whose tiers are models of the stub provider (tools/openai_stub)."""

from __future__ import annotations

__all__ = ["stub_tier"]


def stub_tier(
    name: str,
    model: str,
    base: str,
    extra: str = "",
    *,
    timeout: float = 10,
    price: str = "{input_per_mtok: 1.0, output_per_mtok: 2.0, cached_input_per_mtok: 0.25}",
) -> str:
    """The YAML of tier ``name`` served by the stub's ``model`` at ``base``: priced, with
    small token limits; ``extra``: more of the tier's YAML, indented four spaces."""
    return (
        f"  {name}:\n    model: openai/{model}\n    api_base: {base}\n    timeout_s: {timeout}\n"
        f"    price: {price}\n"
        f"    max_input_tokens: 4000\n    max_output_tokens: 64\n{extra}"
    )
