"""Where a number is printed in a text: in digits, with or without separators, or in words."""

from __future__ import annotations

import re
from functools import cache

# fmt: off
ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)
TENS = ("_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# fmt: on


def number_words(n: int) -> list[str]:
    """English words for 0-999: 87 -> ['eighty-seven'], 384 -> ['three hundred eighty-four',
    'three hundred and eighty-four']; [] outside that range."""
    if not 0 <= n <= 999:
        return []
    if n < 20:
        return [ONES[n]]
    if n < 100:
        tens, ones = divmod(n, 10)
        return [TENS[tens] + (f"-{ONES[ones]}" if ones else "")]
    hundreds, rest = divmod(n, 100)
    head = f"{ONES[hundreds]} hundred"
    if not rest:
        return [head]
    return [f"{head} {w}" for w in number_words(rest)] + [
        f"{head} and {w}" for w in number_words(rest)
    ]


_NUMBER_WORD = "|".join([*ONES, *TENS[2:], "hundred", "thousand"])
# A number word must stand alone: not the end of "seventy-five" or "twenty-five", and not the
# start of a longer number ("seventy-five", "two hundred"). "fifty-item" is fifty.
_WORD_BEFORE = r"(?<![\w-])"
_WORD_AFTER = rf"(?!\w)(?![-\s]+(?:and\s+)?(?:{_NUMBER_WORD})\b)"
# Digits must stand alone too: 5 is not in "25", "3,5xx", "5.5" or "2.5".
_DIGITS_BEFORE = r"(?<!\d)(?<!\d[.,])"
_DIGITS_AFTER = r"(?![.,]?\d)"


def _grouped(digits: str) -> str:
    """A regex for an integer's digits, with or without thousands separators: 3,319 or 3319."""
    if len(digits) <= 3:
        return digits
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ",?".join(groups)


@cache
def number_patterns(value: int | float) -> tuple[re.Pattern[str], ...]:
    """The ways a text may print the number `value`."""
    if isinstance(value, float) and not value.is_integer():
        whole, _, frac = repr(abs(value)).partition(".")
        if "e" in frac or "e" in whole:  # repr's exponent form: write the digits out
            whole, _, frac = f"{abs(value):f}".rstrip("0").partition(".")
        sign = "-" if value < 0 else ""
        digits = rf"{sign}{_grouped(whole)}\.{frac}0*"
        return (re.compile(_DIGITS_BEFORE + digits + _DIGITS_AFTER),)
    n = int(value)
    sign = "-" if n < 0 else ""
    digits = rf"{sign}{_grouped(str(abs(n)))}(?:\.0+)?"
    patterns = [re.compile(_DIGITS_BEFORE + digits + _DIGITS_AFTER)]
    for words in number_words(n):
        spaced = re.escape(words).replace(r"\-", r"[-\s]").replace(r"\ ", r"\s+")
        patterns.append(re.compile(_WORD_BEFORE + spaced + _WORD_AFTER, re.IGNORECASE))
    return tuple(patterns)


def number_spans(text: str, value: int | float) -> list[tuple[int, int]]:
    """(start, end) of every place `text` prints `value`, in order."""
    spans = {m.span() for p in number_patterns(value) for m in p.finditer(text)}
    return sorted(spans)


def number_in(text: str, value: int | float) -> bool:
    return any(p.search(text) for p in number_patterns(value))


# A figure written in digits in our own sentence: 3,319 · 4.7 · 60. Digits joined to a letter or
# a plus sign are part of a name ("C5+1", "G7"), and names are not figures.
_FIGURE = re.compile(r"(?<![\w.,+])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w+]|[.,]\d)")


def figures_in(sentence: str) -> list[tuple[int | float, tuple[int, int]]]:
    """Each number written in digits in `sentence`, with its (start, end)."""
    out: list[tuple[int | float, tuple[int, int]]] = []
    for m in _FIGURE.finditer(sentence):
        raw = m.group().replace(",", "")
        value: int | float = float(raw) if "." in raw else int(raw)
        out.append((value, m.span()))
    return out
