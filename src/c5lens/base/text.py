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
