"""Subject lookup by any name people use: c5lens.base.names against the shipped subjects."""

from __future__ import annotations

import subprocess
import sys

import pytest

from c5lens.base.loading import facts_dirs, load_base
from c5lens.base.model import Subject
from c5lens.base.names import (
    NameIndex,
    UnknownSubject,
    name_index,
    normalize_name,
    resolve_subject,
    subject_names,
)

BASE = load_base(facts_dirs())
SUBJECTS = BASE.subjects
INDEX = NameIndex(SUBJECTS)


def test_shipped_subjects_load_cleanly() -> None:
    assert BASE.problems == ()
    assert len(SUBJECTS) == 21


RESOLVES = [
    # Kazakhstan
    ("kazakhstan", "kazakhstan"),
    ("Kazakhstan", "kazakhstan"),
    ("KZ", "kazakhstan"),
    ("kz", "kazakhstan"),
    ("KAZ", "kazakhstan"),
    ("398", "kazakhstan"),
    ("Kazakstan", "kazakhstan"),
    ("Kazakh", "kazakhstan"),
    ("Kazakhstani", "kazakhstan"),
    ("Republic of Kazakhstan", "kazakhstan"),
    ("Qazaqstan", "kazakhstan"),
    ("Qazaqstan Respublikasy", "kazakhstan"),
    ("Қазақстан", "kazakhstan"),
    ("Казахстан", "kazakhstan"),
    # Kyrgyzstan
    ("kg", "kyrgyzstan"),
    ("KGZ", "kyrgyzstan"),
    ("417", "kyrgyzstan"),
    ("Kirghizia", "kyrgyzstan"),
    ("Kirgizia", "kyrgyzstan"),
    ("Kirghizstan", "kyrgyzstan"),
    ("Kyrgyz Republic", "kyrgyzstan"),
    ("kyrgyz-republic", "kyrgyzstan"),
    ("Kyrgyz", "kyrgyzstan"),
    ("Kirghiz", "kyrgyzstan"),
    ("Кыргызстан", "kyrgyzstan"),
    ("Киргизия", "kyrgyzstan"),
    ("Kyrgyz Respublikasy", "kyrgyzstan"),
    # Tajikistan
    ("ti", "tajikistan"),
    ("TJ", "tajikistan"),
    ("TJK", "tajikistan"),
    ("Tadjikistan", "tajikistan"),
    ("Tadzhikistan", "tajikistan"),
    ("Тоҷикистон", "tajikistan"),
    ("Таджикистан", "tajikistan"),
    ("Tojikiston", "tajikistan"),
    ("Jumhurii Tojikiston", "tajikistan"),
    ("Republic of Tajikistan", "tajikistan"),
    ("Tajik", "tajikistan"),
    ("Tajikistani", "tajikistan"),
    # Turkmenistan
    ("tx", "turkmenistan"),
    ("TM", "turkmenistan"),
    ("795", "turkmenistan"),
    ("Turkmenia", "turkmenistan"),
    ("Türkmenistan", "turkmenistan"),
    ("TURKMENISTAN", "turkmenistan"),
    ("Туркменистан", "turkmenistan"),
    ("Түркменистан", "turkmenistan"),
    ("Turkmen", "turkmenistan"),
    # Uzbekistan
    ("uz", "uzbekistan"),
    ("UZB", "uzbekistan"),
    ("Oʻzbekiston", "uzbekistan"),
    ("O'zbekiston", "uzbekistan"),
    ("O’zbekiston", "uzbekistan"),
    ("O‘zbekiston", "uzbekistan"),
    ("O`zbekiston", "uzbekistan"),
    ("O´zbekiston", "uzbekistan"),
    ("Ozbekiston", "uzbekistan"),
    ("Oʻzbekiston Respublikasi", "uzbekistan"),
    ("Ўзбекистон", "uzbekistan"),
    ("Узбекистан", "uzbekistan"),
    ("Uzbek", "uzbekistan"),
    ("Republic of Uzbekistan", "uzbekistan"),
    # the region
    ("central-asia", "central-asia"),
    ("central asia", "central-asia"),
    ("Central Asia", "central-asia"),
    ("Central-Asia", "central-asia"),
    ("central_asia", "central-asia"),
    ("  central   asia  ", "central-asia"),
    ("C5", "central-asia"),
    ("C-5", "central-asia"),
    ("Middle Asia", "central-asia"),
    ("Central Asian states", "central-asia"),
    ("Средняя Азия", "central-asia"),
    ("Центральная Азия", "central-asia"),
    ("Orta Aziya", "central-asia"),
    # partners
    ("ja", "japan"),
    ("JP", "japan"),
    ("Nippon", "japan"),
    ("Nihon", "japan"),
    ("日本", "japan"),
    ("Japanese", "japan"),
    ("USA", "united-states"),
    ("US", "united-states"),
    ("us", "united-states"),
    ("U.S.", "united-states"),
    ("U.S.A.", "united-states"),
    ("United States of America", "united-states"),
    ("united-states", "united-states"),
    ("America", "united-states"),
    ("American", "united-states"),
    ("840", "united-states"),
    ("ch", "china"),
    ("CN", "china"),
    ("PRC", "china"),
    ("People's Republic of China", "china"),
    ("Peoples Republic of China", "china"),
    ("Zhongguo", "china"),
    ("中国", "china"),
    ("Chinese", "china"),
    ("rs", "russia"),
    ("RU", "russia"),
    ("Russian Federation", "russia"),
    ("RF", "russia"),
    ("Russian", "russia"),
    ("Rossiya", "russia"),
    ("Россия", "russia"),
    ("EU", "european-union"),
    ("E.U.", "european-union"),
    ("ee", "european-union"),
    ("European Union", "european-union"),
    ("in", "india"),
    ("Bharat", "india"),
    ("036", "australia"),
    ("36", "australia"),
    ("AUS", "australia"),
    ("as", "australia"),
    ("UK", "united-kingdom"),
    ("U.K.", "united-kingdom"),
    ("GB", "united-kingdom"),
    ("Great Britain", "united-kingdom"),
    ("Britain", "united-kingdom"),
    ("British", "united-kingdom"),
    ("ROK", "south-korea"),
    ("Republic of Korea", "south-korea"),
    ("Korea (South)", "south-korea"),
    ("Korea, South", "south-korea"),
    ("South Korea", "south-korea"),
    ("ks", "south-korea"),
    ("up", "ukraine"),
    ("UA", "ukraine"),
    ("Україна", "ukraine"),
    ("004", "afghanistan"),
    ("4", "afghanistan"),
    ("Afghan", "afghanistan"),
]


@pytest.mark.parametrize(("query", "key"), RESOLVES)
def test_resolve(query: str, key: str) -> None:
    assert INDEX.resolve(query).key == key
    assert resolve_subject(query, SUBJECTS).key == key


def test_resolve_returns_the_subject_itself() -> None:
    assert INDEX.resolve("Qazaqstan") is SUBJECTS["kazakhstan"]


@pytest.mark.parametrize(
    ("query", "suggestions"),
    [
        ("kazakstn", ("kazakhstan",)),
        ("kyrgistan", ("kyrgyzstan",)),
        ("Tajikstan", ("tajikistan",)),
        ("turkmenstan", ("turkmenistan",)),
        ("uzbekistn", ("uzbekistan",)),
        ("Казакстан", ("kazakhstan",)),
        ("kzstan", ("kazakhstan", "kyrgyzstan", "pakistan")),
        ("kstan", ("pakistan", "kazakhstan")),
        ("russa", ("russia",)),
        ("britian", ("united-kingdom",)),
        ("amerika", ("united-states",)),
        ("korea", ("south-korea",)),
        ("Centralasia", ("central-asia",)),
        ("zzz", ()),
        ("xx", ()),
        ("Mongolia", ()),
        ("Soviet Union", ()),
        ("", ()),
        ("...", ()),
    ],
)
def test_unknown_subject_suggestions(query: str, suggestions: tuple[str, ...]) -> None:
    with pytest.raises(UnknownSubject) as info:
        INDEX.resolve(query)
    assert info.value.query == query
    assert info.value.suggestions == suggestions
    assert INDEX.suggest(query) == suggestions
    with pytest.raises(UnknownSubject) as again:
        resolve_subject(query, SUBJECTS)
    assert again.value.suggestions == suggestions


def test_unknown_subject_is_a_lookup_error() -> None:
    with pytest.raises(LookupError):
        INDEX.resolve("zzz")


def test_unknown_subject_messages() -> None:
    assert str(UnknownSubject("kazakstn", ("kazakhstan",))) == (
        "unknown subject 'kazakstn' (did you mean kazakhstan?)"
    )
    assert str(UnknownSubject("kzstan", ("kazakhstan", "kyrgyzstan"))) == (
        "unknown subject 'kzstan' (did you mean kazakhstan, kyrgyzstan?)"
    )
    assert str(UnknownSubject("zzz", ())) == (
        "unknown subject 'zzz' (run 'c5lens countries' to list them)"
    )
    with pytest.raises(UnknownSubject) as info:
        INDEX.resolve("kazakstn")
    assert str(info.value) == "unknown subject 'kazakstn' (did you mean kazakhstan?)"


def test_no_name_is_claimed_by_two_subjects() -> None:
    assert INDEX.collisions() == []


def test_every_accepted_name_resolves_to_its_own_subject() -> None:
    for subject in SUBJECTS.values():
        for name in subject_names(subject):
            assert INDEX.resolve(name) is subject, (name, subject.key)


def test_every_subject_has_names() -> None:
    assert all(s.names for s in SUBJECTS.values())


def test_names_do_not_repeat_what_is_accepted_anyway() -> None:
    for s in SUBJECTS.values():
        automatic = {s.key, s.name, s.iso_alpha2, s.iso_alpha3, s.iso_numeric, s.factbook}
        assert not automatic & set(s.names), s.key
        assert len(set(s.names)) == len(s.names), s.key


def test_subject_names() -> None:
    assert subject_names(SUBJECTS["australia"]) == (
        "australia",
        "Australia",
        "AU",
        "AUS",
        "036",
        "36",
        "as",
        *SUBJECTS["australia"].names,
    )
    # no codes, no repeats
    region = SUBJECTS["central-asia"]
    assert subject_names(region)[:2] == ("central-asia", "Central Asia")
    assert len(subject_names(region)) == 2 + len(region.names)
    # a numeric code without leading zeros is not repeated
    assert subject_names(SUBJECTS["kazakhstan"])[2:6] == ("KZ", "KAZ", "398", "kz")


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("Kazakhstan", "kazakhstan"),
        ("central-asia", "central asia"),
        ("Central Asia", "central asia"),
        ("central_asia", "central asia"),
        ("  Central \t  Asia ", "central asia"),
        ("central--asia", "central asia"),
        ("Türkmenistan", "turkmenistan"),
        ("U.S.A.", "usa"),
        ("O'zbekiston", "ozbekiston"),
        ("O’zbekiston", "ozbekiston"),
        ("O‘zbekiston", "ozbekiston"),
        ("Oʻzbekiston", "ozbekiston"),
        ("Oʼzbekiston", "ozbekiston"),
        ("O`zbekiston", "ozbekiston"),
        ("O´zbekiston", "ozbekiston"),
        ("O′zbekiston", "ozbekiston"),
        ("People's Republic of China", "peoples republic of china"),
        ("Korea (South)", "korea south"),
        ("Korea, South", "korea south"),
        ("ＵＳＡ", "usa"),
        ("Қазақстан", "қазақстан"),
        ("Казахстан", "казахстан"),
        ("Киргизия", "киргизия"),
        ("", ""),
    ],
)
def test_normalize_name(text: str, normal: str) -> None:
    assert normalize_name(text) == normal
    assert normalize_name(normal) == normal


@pytest.mark.parametrize(
    "text",
    [
        "Kyrgyz Republic",
        "  KAZAKH_stan--",
        "U.S.A.",
        "Korea, South",
        "a\tb\nc",
        "O'zbek`iston",
        "-_.,()",
    ],
)
def test_ascii_names_normalize_as_any_other(text: str) -> None:
    # the ASCII shortcut must agree with the full decomposition it skips
    spelled = text + "\u00e9"  # one non-ASCII letter takes the long way
    assert normalize_name(spelled) == normalize_name(text + "e")


def test_name_index_is_built_once_per_registry() -> None:
    first = name_index(SUBJECTS)
    assert name_index(SUBJECTS) is first
    other = {"mars": _subject("mars", "Mars")}
    assert name_index(other).resolve("MARS").key == "mars"
    assert name_index(SUBJECTS) is not first  # rebuilt for another mapping, still right
    assert name_index(SUBJECTS).resolve("Kirghizia").key == "kyrgyzstan"


def _subject(key: str, name: str, **kw: object) -> Subject:
    return Subject(key=key, name=name, kind="partner", **kw)  # type: ignore[arg-type]


def test_collisions_and_who_wins() -> None:
    subjects = {
        "samoa": _subject("samoa", "Samoa", names=("Western Samoa", "Samoa Islands")),
        "american-samoa": _subject(
            "american-samoa", "American Samoa", iso_alpha2="AS", names=("samoa-islands",)
        ),
        "as": _subject("as", "Ascension", names=("Ascension Island",)),
    }
    index = NameIndex(subjects)
    assert index.collisions() == [
        ("as", ("american-samoa", "as")),
        ("samoa islands", ("samoa", "american-samoa")),
    ]
    # a subject's own key beats a code; between aliases the first subject wins
    assert index.resolve("AS").key == "as"
    assert index.resolve("Samoa Islands").key == "samoa"
    # a subject naming itself twice is no collision
    assert NameIndex({"x": _subject("x", "X", names=("x", "X."))}).collisions() == []


def test_a_key_resolves_without_the_whole_index_as_with_it() -> None:
    """resolve() answers a name that is a key before it builds the index of every name: the
    same subject the index picks, for keys that clash with codes, aliases and each other."""
    subjects = {
        "as": _subject("as", "Ascension"),
        "american-samoa": _subject("american-samoa", "American Samoa", iso_alpha2="AS"),
        "north-x": _subject("north-x", "North X", names=("south x",)),
        "south_x": _subject("south_x", "South X"),
        "north_x": _subject("north_x", "North X again"),
    }
    names = [n for s in [*subjects.values(), *SUBJECTS.values()] for n in subject_names(s)]
    for registry in (subjects, SUBJECTS):
        full = NameIndex(registry)
        full._best  # noqa: B018 - builds the index of every name first
        for name in names:
            fresh = NameIndex(registry)
            try:
                expected = full.resolve(name).key
            except UnknownSubject:
                with pytest.raises(UnknownSubject):
                    fresh.resolve(name)
                continue
            assert fresh.resolve(name).key == expected, name
    assert NameIndex(subjects).resolve("north x").key == "north-x"
    assert NameIndex(subjects).resolve("South-X").key == "south_x"
    assert NameIndex(subjects).resolve("as").key == "as"


def test_empty_index() -> None:
    with pytest.raises(UnknownSubject) as info:
        NameIndex({}).resolve("kazakhstan")
    assert info.value.suggestions == ()


def test_library_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UnknownSubject):
        INDEX.resolve("kazakstn")
    INDEX.resolve("kz")
    assert capsys.readouterr() == ("", "")


def test_import_is_cheap() -> None:
    code = "import sys, c5lens.base.names; print('difflib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
