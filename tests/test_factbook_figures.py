"""importers.factbook.figures: tricky Factbook strings read into exact Figures and Datings.

Strings marked `format:` are in the Factbook's format but not in the shared profiles.
"""

from __future__ import annotations

import pytest

from c5lens.importers.factbook.errors import FigureError, NotAvailable
from c5lens.importers.factbook.figures import (
    Dating,
    Figure,
    clean,
    first_sentence,
    in_billions,
    note_text,
    parse_date,
    parse_figure,
    split_date,
)

EST_2024 = Dating("2024", True)


@pytest.mark.parametrize(
    "text,figure",
    [
        ("$739.385 billion (2024 est.)", Figure(739.385, "USD billion", "739.385", None, EST_2024)),
        ("20,432,662 (2025 est.)",
         Figure(20432662, None, "20,432,662", None, Dating("2025", True))),
        ("2,724,900 sq km", Figure(2724900, "sq km", "2,724,900")),
        ("0 km", Figure(0, "km", "0")),
        # minus before or after the dollar sign, and the Unicode minus, all read as '-'
        ("-$1.2 billion (2024 est.)", Figure(-1.2, "USD billion", "-1.2", None, EST_2024)),
        ("$-1.2 billion (2024 est.)", Figure(-1.2, "USD billion", "-1.2", None, EST_2024)),
        ("−0.5% (2024 est.)", Figure(-0.5, "%", "-0.5", None, EST_2024)),
        # HTML and entities are cleaned away first
        ("<p>1,234&nbsp;sq km</p>", Figure(1234, "sq km", "1,234")),
        ("<b>9%</b><br>(2024 est.)", Figure(9, "%", "9", None, EST_2024)),
        # what a percentage is of, and units with a rate per 1,000
        ("58.2% of total population (2023)",
         Figure(58.2, "%", "58.2", "total population", Dating("2023", False))),
        ("16.83 births/1,000 population (2025 est.)",
         Figure(16.83, "births per 1,000 population", "16.83", None, Dating("2025", True))),
        ("-0.25% annual rate of change (2020-25 est.)",
         Figure(-0.25, "% annual rate of change", "-0.25", None, Dating("2020/2025", True))),
        # spans, fiscal years (trailing and leading) and day-precision dates
        ("1,903.1 kt (2022-2024 est.)", Figure(1903.1, "kt", "1,903.1", None,
                                               Dating("2022/2024", True))),
        ("$1.5 billion (FY2023/24 est.)",  # format:
         Figure(1.5, "USD billion", "1.5", None, Dating("2023/2024", True, "2023/24"))),
        ("FY2023/24 est. $1.5 billion",  # format: the fiscal year printed first
         Figure(1.5, "USD billion", "1.5", None, Dating("2023/2024", True, "2023/24"))),
        ("$2 million (FY1999/00)",  # format: a two-digit end year across a century
         Figure(2, "USD million", "2", None, Dating("1999/2000", False, "1999/00"))),
        ("62% (31 December 2017 est.)", Figure(62, "%", "62", None, Dating("2017-12-31", True))),
        ("10.2% (December 2017)", Figure(10.2, "%", "10.2", None, Dating("2017-12", False))),
    ],
)  # fmt: skip
def test_parse_figure_exactly(text: str, figure: Figure) -> None:
    got = parse_figure(text)
    assert got == figure
    assert type(got.value) is type(figure.value)


@pytest.mark.parametrize(
    "text,message",
    [
        ("", "empty value"),
        ("<br>", "empty value"),
        ("15-20%", "'15-20%' is a range, not one figure"),
        ("$1 to $2 billion", "'$1 to $2 billion' is a range, not one figure"),
        ("about 20 million (2025 est.)", "'about 20 million (2025 est.)' is not a figure c5lens "
         "can read"),
        ("-$-5", "'-$-5' has two minus signs"),
        ("1,000 (Ashkhabad)", "unexpected text '(Ashkhabad)' after the figure in "
         "'1,000 (Ashkhabad)'"),
        ("1,212 km; Russia 7,644 km", "unexpected text 'km; Russia 7,644 km' after the figure "
         "in '1,212 km; Russia 7,644 km'"),
        ("5% (30 February 2020)", "date '30 February 2020' does not exist"),
        ("5% (2025-2020)", "date span '2025-2020' ends before it starts"),
        ("5% (FY23/24)", "fiscal year 'FY23/24' has a two-digit start year; c5lens does not guess "
         "the century"),
        ("5% (est. 2025)", "unreadable date 'est. 2025'"),
    ],
)  # fmt: skip
def test_unreadable_figures_raise_with_exact_messages(text: str, message: str) -> None:
    with pytest.raises(FigureError) as info:
        parse_figure(text)
    assert str(info.value) == message
    assert type(info.value) is FigureError


@pytest.mark.parametrize("text", ["NA", "NA (2023 est.)", "<p>NA</p>"])
def test_na_raises_not_available(text: str) -> None:
    with pytest.raises(NotAvailable) as info:
        parse_figure(text)
    assert str(info.value) == "the Factbook gives NA (not available)"


@pytest.mark.parametrize(
    "inner,dating",
    [
        ("2025", Dating("2025", False)),
        ("2025 est", Dating("2025", True)),
        ("2020 – 2025 est.", Dating("2020/2025", True)),
        ("2098-03", Dating("2098/2103", False)),  # a two-digit end below the start: next century
        ("June 2024", Dating("2024-06", False)),
        ("1 June 2024 est.", Dating("2024-06-01", True)),
        ("FY 2024", Dating("2024", False, "2024")),
        ("Ashkhabad", None),  # a parenthesis that is no date
        ("see note", None),
    ],
)  # fmt: skip
def test_parse_date(inner: str, dating: Dating | None) -> None:
    assert parse_date(inner) == dating


@pytest.mark.parametrize(
    "text,body,dating",
    [
        ("4.8% (2024 est.)", "4.8%", EST_2024),
        ("Astana", "Astana", None),
        ("Ashgabat (Ashkhabad)", "Ashgabat (Ashkhabad)", None),
        ("Kazakh (official) 80.1% (2021 est.)", "Kazakh (official) 80.1%", Dating("2021", True)),
        ("FY2024 est. 3%", "3%", Dating("2024", True, "2024")),
    ],
)  # fmt: skip
def test_split_date(text: str, body: str, dating: Dating | None) -> None:
    assert split_date(text) == (body, dating)


@pytest.mark.parametrize(
    "dating,sentence,listing",
    [
        (Dating("2025", True), " in 2025", " as of 2025"),
        (Dating("2017-12", False), " in December 2017", " as of December 2017"),
        (Dating("2017-12-31", True), " on 31 December 2017", " as of 31 December 2017"),
        (Dating("2020/2025", True), " in 2020–2025", " as of 2020–2025"),
        (Dating("2023/2024", True, "2023/24"), " in fiscal year 2023/24",
         " as of fiscal year 2023/24"),
    ],
)  # fmt: skip
def test_dating_phrase(dating: Dating, sentence: str, listing: str) -> None:
    assert dating.phrase() == sentence
    assert dating.phrase(as_of=True) == listing


def test_in_billions_is_exact_and_keeps_the_printed_unit() -> None:
    millions = parse_figure("$12.5 million (2024 est.)")
    assert in_billions(millions) == Figure(
        0.0125, "USD billion", "12.5", None, EST_2024, printed_unit="USD million"
    )
    trillions = parse_figure("$1.081 trillion (2022 est.)")
    got = in_billions(trillions)
    assert got == Figure(1081, "USD billion", "1.081", None, Dating("2022", True), "USD trillion")
    assert type(got.value) is int
    billions = parse_figure("$50.37 billion (2024 est.)")
    assert in_billions(billions) is billions
    assert in_billions(parse_figure("$35,900 (2024 est.)")).unit == "USD"


def test_clean() -> None:
    assert clean("  a<br/>b&amp;c\xa0d <i>e</i>  ") == "a b&c d e"
    assert clean("<p>x&nbsp;&nbsp;y</p>") == "x y"


def test_first_sentence_and_note_text() -> None:
    assert first_sentence("One. Two.") == ("One", True)
    assert first_sentence("one; two") == ("one", True)
    assert first_sentence("e.g. this.") == ("e.g. this", False)
    assert note_text({"text": "<b>note:</b> data are for 2023; see below"}) == (
        "Factbook note (first sentence): data are for 2023."
    )
    assert note_text("note - includes Kazakh.") == "Factbook note: includes Kazakh."
    assert note_text("note:") is None
    assert note_text({"text": 3}) is None
    assert note_text(None) is None
