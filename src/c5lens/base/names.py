"""Find a subject by any name people use for it: key, name, ISO or Factbook code, or an alias.

Names are compared after `normalize_name`, which ignores case, diacritics, apostrophe variants,
dots and the difference between hyphens, underscores and spaces. The library never prints or
exits: an unknown name raises `UnknownSubject`, which carries up to three suggestions.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from c5lens.base.model import Subject

MAX_SUGGESTIONS = 3
SUGGESTION_CUTOFF = 0.6  # difflib's similarity ratio a name must reach to be suggested
SUGGESTION_MARGIN = 0.1  # and within this of the best match's ratio

# Removed outright, before and after Unicode decomposition (NFKD turns the acute accent `´`
# into a space and a combining mark, so it must go first): O'zbekiston == Oʻzbekiston.
_APOSTROPHES = "'\u2019\u2018\u02bb\u02bc\u02b9\u02bd`\u00b4\u2032\uff07"
# Become a space: hyphens and dashes, the underscore, and the punctuation of inverted names
# such as "Korea, South" and "Korea (South)".
_SEPARATORS = "-_\u2010\u2011\u2012\u2013\u2014\u2015\u2212,()"
_DROP = {ord(c): None for c in _APOSTROPHES + "."}
_SPACE = {ord(c): " " for c in _SEPARATORS}
_DROP_AND_SPACE = {**_DROP, **_SPACE}

# Which claim to a normalized name wins when two subjects claim it (lowest first): a subject's
# own key always beats anything else. `NameIndex.collisions` lists every such clash.
_TIER_KEY, _TIER_NAME, _TIER_CODE, _TIER_ALIAS = range(4)


def normalize_name(text: str) -> str:
    """The form names are compared in: casefolded, without diacritics, apostrophes or dots, with
    hyphens, underscores and runs of whitespace turned into single spaces, stripped."""
    if text.isascii():  # most names: nothing to decompose, and casefold is lower
        return " ".join(text.translate(_DROP_AND_SPACE).lower().split())
    text = text.translate(_DROP).casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.translate(_DROP).translate(_SPACE)
    return " ".join(text.split())


def _tiered_names(subject: Subject) -> list[tuple[int, str]]:
    numeric = subject.iso_numeric
    short_numeric = (numeric.lstrip("0") or "0") if numeric and numeric.isdigit() else None
    candidates = [
        (_TIER_KEY, subject.key),
        (_TIER_NAME, subject.name),
        (_TIER_CODE, subject.iso_alpha2),
        (_TIER_CODE, subject.iso_alpha3),
        (_TIER_CODE, numeric),
        (_TIER_CODE, short_numeric),
        (_TIER_CODE, subject.factbook),
        *((_TIER_ALIAS, n) for n in subject.names),
    ]
    seen: set[str] = set()
    out: list[tuple[int, str]] = []
    for tier, name in candidates:
        if name and name not in seen:
            seen.add(name)
            out.append((tier, name))
    return out


def subject_names(subject: Subject) -> tuple[str, ...]:
    """Every name a subject is accepted by: its key, display name, ISO codes (the numeric one
    also without leading zeros), Factbook code and `names`, without repeats, in that order."""
    return tuple(name for _, name in _tiered_names(subject))


class UnknownSubject(LookupError):
    """No subject goes by the name asked for; `suggestions` are subject keys, best first."""

    def __init__(self, query: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(query, suggestions)
        self.query = query
        self.suggestions = tuple(suggestions)

    def __str__(self) -> str:
        if self.suggestions:
            hint = f"did you mean {', '.join(self.suggestions)}?"
        else:
            hint = "run 'c5lens countries' to list them"
        return f"unknown subject {self.query!r} ({hint})"


class NameIndex:
    """Every normalized name of a set of subjects, and the subject each one stands for."""

    def __init__(self, subjects: Mapping[str, Subject]) -> None:
        self._subjects: dict[str, Subject] = {s.key: s for s in subjects.values()}
        self._claims_by_name: dict[str, list[tuple[int, str]]] | None = None
        self._best_by_name: dict[str, str] | None = None

    @property
    def _claims(self) -> dict[str, list[tuple[int, str]]]:
        """normalized name -> (tier, subject key) of every claim, in subject order."""
        if self._claims_by_name is None:
            claims: dict[str, list[tuple[int, str]]] = {}
            for subject in self._subjects.values():
                mine: set[str] = set()
                for tier, name in _tiered_names(subject):
                    norm = normalize_name(name)
                    if norm and norm not in mine:
                        mine.add(norm)
                        claims.setdefault(norm, []).append((tier, subject.key))
            self._claims_by_name = claims
        return self._claims_by_name

    @property
    def _best(self) -> dict[str, str]:
        """normalized name -> the key of the subject that wins it."""
        if self._best_by_name is None:
            self._best_by_name = {
                norm: min(claims, key=lambda c: c[0])[1] for norm, claims in self._claims.items()
            }
        return self._best_by_name

    def resolve(self, query: str) -> Subject:
        """The subject `query` names; raises `UnknownSubject` with suggestions if none does."""
        norm = normalize_name(query)
        if self._best_by_name is None:
            # A key beats every other claim, the first subject's among equal keys: a name that
            # is a key needs no index of every name (most lookups, and the cheapest start).
            for subject in self._subjects.values():
                if normalize_name(subject.key) == norm:
                    return subject
        key = self._best.get(norm)
        if key is not None:
            return self._subjects[key]
        raise UnknownSubject(query, self.suggest(norm))

    def suggest(self, query: str) -> tuple[str, ...]:
        """Up to three subject keys whose names are closest to `query`, best first."""
        import difflib

        norm = normalize_name(query)
        if not norm or not self._best:
            return ()
        close = difflib.get_close_matches(
            norm, self._best, n=len(self._best), cutoff=SUGGESTION_CUTOFF
        )
        keys: list[str] = []
        best_score = None
        for name in close:  # best first
            # scored as get_close_matches scores it; a far second guess is noise, not help
            score = difflib.SequenceMatcher(None, name, norm).ratio()
            if best_score is None:
                best_score = score
            elif score < best_score - SUGGESTION_MARGIN:
                break
            key = self._best[name]
            if key not in keys:
                keys.append(key)
                if len(keys) == MAX_SUGGESTIONS:
                    break
        return tuple(keys)

    def collisions(self) -> list[tuple[str, tuple[str, ...]]]:
        """Normalized names claimed by more than one subject, with their keys, sorted by name."""
        clashes = []
        for norm, claims in sorted(self._claims.items()):
            if len(claims) > 1:
                clashes.append((norm, tuple(key for _, key in claims)))
        return clashes


# The last index built, with the mapping it was built from: a command resolves several names
# against the same registries, and building the index is most of the cost of a lookup.
_last: tuple[Mapping[str, Subject], int, NameIndex] | None = None


def name_index(subjects: Mapping[str, Subject]) -> NameIndex:
    """The `NameIndex` of `subjects`, built once for the same mapping."""
    global _last
    if _last is None or _last[0] is not subjects or _last[1] != len(subjects):
        _last = (subjects, len(subjects), NameIndex(subjects))
    return _last[2]


def resolve_subject(query: str, subjects: Mapping[str, Subject]) -> Subject:
    """The subject of `subjects` that `query` names; raises `UnknownSubject` if none does."""
    return name_index(subjects).resolve(query)
