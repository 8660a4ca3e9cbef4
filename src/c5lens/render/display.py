"""Text for people: values with units and scales, dates at their precision. No terminal code."""

from __future__ import annotations

from c5lens.base.model import Fact, Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MISSING = "—"
_QUALIFIER_PREFIX = {
    "approximate": "~",
    "more-than": ">",
    "less-than": "<",
    "at-least": "≥",
    "at-most": "≤",
}
_QUALIFIER_SUFFIX = {"estimate": " (est.)", "forecast": " (forecast)"}


def format_number(value: int | float) -> str:
    """Thousands separators, and no more decimals than the value has: 3,319 · 85.9 · 0.5."""
    if isinstance(value, int):
        return f"{value:,}"
    if value.is_integer() and abs(value) < 1e15:
        return f"{value:,.1f}"
    text = repr(value)
    if "e" in text or "E" in text:
        return text
    whole, _, frac = text.partition(".")
    return f"{int(whole):,}.{frac}" if whole not in ("-0",) else f"-0.{frac}"


def format_plain_value(value: Value | None) -> str:
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return format_number(value)
    return value


def format_value(fact: Fact) -> str:
    """The value as a reader wants it: `~60%`, `3,319 miles`, `23/100`, `yes`."""
    text = format_plain_value(fact.value)
    if fact.is_numeric:
        text = _QUALIFIER_PREFIX.get(fact.qualifier or "", "") + text
    if fact.scale:
        # A score reads as "23/100" (or "5 (1-7)"): the scale says more than a unit like "points".
        low, _, high = fact.scale.rpartition("-")
        text += f"/{high}" if low in ("0", "0.0") else f" ({fact.scale})"
    elif fact.unit:
        text += fact.unit if fact.unit == "%" else f" {fact.unit}"
    return text + _QUALIFIER_SUFFIX.get(fact.qualifier or "", "")


def value_token(fact: Fact) -> str:
    """The value with its unit and no qualifier suffix: what must never be broken (`~60%`,
    `739.385 USD billion`; `(est.)` may go to the next line)."""
    text = format_value(fact)
    suffix = _QUALIFIER_SUFFIX.get(fact.qualifier or "", "")
    return text[: -len(suffix)] if suffix and text.endswith(suffix) else text


def add_row(table: Any, *cells: Any) -> None:
    """Add a row whose text cells are shown as written: Rich would read `[est. 1997]` in a
    string as markup and drop it."""
    from rich.text import Text

    table.add_row(*(Text(c) if isinstance(c, str) else c for c in cells))
