"""Text folding for matching: case and diacritics ignored, words split out."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Casefold and drop diacritics, so that Türkmenistan matches turkmenistan."""
    if text.isascii():
        return text.lower()  # the same as casefold for ASCII, with nothing to decompose
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


# A problem line quotes at most this many characters of a file: enough to find the spot, too
# few to leak a file a link pointed at (D82).
EXCERPT_CHARS = 40


def excerpt(value: object) -> str:
    """`value` quoted and escaped as repr() does, cut to EXCERPT_CHARS characters of its text."""
    if isinstance(value, str) and len(value) > EXCERPT_CHARS:
        return repr(value[: EXCERPT_CHARS - 1] + "…")
    text = repr(value)
    return text if len(text) <= EXCERPT_CHARS + 2 else text[: EXCERPT_CHARS - 1] + "…"
