"""`c5lens import factbook`: reading the Factbook's strings, importing the nine profiles, and the
shipped facts/*/*.factbook.yaml files being exactly what the importer makes of them.

Parser tests use strings copied from ../shared/sources/factbook/ (the file and field are named
beside each). The shared files happen to hold no NA, no fiscal year and no day-precision date
trailer; those shapes are tested with strings in the Factbook's format, marked `format:`.
Names come from the package (`c5lens.importers.factbook`); the unit tests of its modules are
tests/test_factbook_{figures,fields,profile,write}.py.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from c5lens.base.loading import facts_dirs, load_base
from c5lens.cli.app import app
from c5lens.importers.factbook import (
    EDITION,
    FIELDS,
    FigureError,
    NotAvailable,
    clean,
    import_profile,
    metric_keys,
    note_text,
    parse_figure,
    render_topic_file,
    split_date,
    write_import,
)

ROOT = Path(__file__).resolve().parents[1]
FACTBOOK = ROOT.parent / "shared" / "sources" / "factbook"
SHIPPED = ROOT / "facts"
CODES = ("kz", "kg", "ti", "tx", "uz", "ja", "us", "ch", "rs")
FIVE = ["kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan"]
ENV = {"C5LENS_FACTS_PATH": "", "C5LENS_NO_BUNDLED": "", "NO_COLOR": "1", "COLUMNS": "100"}

needs_factbook = pytest.mark.skipif(
    not FACTBOOK.is_dir(), reason=f"the Factbook profiles are not available (no folder {FACTBOOK})"
)


@pytest.fixture(scope="module")
def base():
    return load_base(facts_dirs())


@pytest.fixture(scope="module")
def subjects(base):
    return list(base.subjects.values())


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


# --- parsing figures -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,value,unit,qualifier,as_of",
    [
        # plain counts
        ("20,432,662 (2025 est.)", 20432662, None, "estimate", "2025"),  # kz Population total
        ("1,407,181,209 (2025 est.)", 1407181209, None, "estimate", "2025"),  # ch Population
        ("5,744,151 (2024 est.)", 5744151, None, "estimate", "2024"),  # tx Population total
        ("2,724,900 sq km", 2724900, "sq km", None, None),  # kz Area "total "
        ("199,951 sq km", 199951, "sq km", None, None),  # kg Area "total "
        ("13,364 km", 13364, "km", None, None),  # kz Land boundaries total
        ("0 km", 0, "km", None, None),  # ja Land boundaries total
        ("32.1 years (2025 est.)", 32.1, "years", "estimate", "2025"),  # kz Median age total
        ("40 years", 40, "years", None, None),  # us Median age female
        # percentages
        ("4.8% (2024 est.)", 4.8, "%", "estimate", "2024"),  # kz Real GDP growth rate 2024
        ("9% (2024 est.)", 9, "%", "estimate", "2024"),  # kg Real GDP growth rate 2024
        ("93% (2023 est.)", 93, "%", "estimate", "2023"),  # kz Internet users
        ("21% (2017 est.)", 21, "%", "estimate", "2017"),  # tx Internet users
        # negative values
        ("-1.4% (2022 est.)", -1.4, "%", "estimate", "2022"),  # rs Real GDP growth rate 2022
        # money, with $ and magnitude words kept in the unit
        ("$739.385 billion (2024 est.)", 739.385, "USD billion", "estimate", "2024"),  # kz
        ("$50.37 billion (2024 est.)", 50.37, "USD billion", "estimate", "2024"),  # ti
        ("$33.598 trillion (2024 est.)", 33.598, "USD trillion", "estimate", "2024"),  # ch
        ("$1.081 trillion (2022 est.)", 1.081, "USD trillion", "estimate", "2022"),  # ja Imports
        ("$35,900 (2024 est.)", 35900, "USD", "estimate", "2024"),  # kz Real GDP per capita
        ("$4,800 (2024 est.)", 4800, "USD", "estimate", "2024"),  # ti Real GDP per capita
        # rates per 1,000 and other units
        ("16.83 births/1,000 population (2025 est.)", 16.83, "births per 1,000 population",
         "estimate", "2025"),  # kz Birth rate
        ("7.9 deaths/1,000 live births (2025 est.)", 7.9, "deaths per 1,000 live births",
         "estimate", "2025"),  # kz Infant mortality rate total
        ("1,903.1 kt (2022-2024 est.)", 1903.1, "kt", "estimate", "2022/2024"),  # kz Methane
        # format: the Factbook's fiscal years and day-precision dates
        ("$1.5 billion (FY2023/24 est.)", 1.5, "USD billion", "estimate", "2023/2024"),
        ("$2.1 billion (FY2023/2024)", 2.1, "USD billion", None, "2023/2024"),
        ("62% (31 December 2017 est.)", 62, "%", "estimate", "2017-12-31"),
        ("10.2% (December 2017)", 10.2, "%", None, "2017-12"),
    ],
)  # fmt: skip
def test_parse_figure(text, value, unit, qualifier, as_of) -> None:
    fig = parse_figure(text)
    assert fig.value == value
    assert type(fig.value) is type(value)  # 20,432,662 stays an int, 4.8 a float
    assert fig.unit == unit
    assert fig.qualifier == qualifier
    assert (fig.dating.as_of if fig.dating else None) == as_of


@pytest.mark.parametrize(
    "text,of,unit,as_of",
    [
        ("58.2% of total population (2023)", "total population", "%", "2023"),  # kz Urbanization
        ("0.9% of GDP (2024 est.)", "GDP", "%", "2024"),  # kz Military Expenditures 2024
        ("100% of total installed capacity (2023 est.)", "total installed capacity", "%", "2023"),
        ("-0.25% annual rate of change (2020-25 est.)", None, "% annual rate of change",
         "2020/2025"),  # ja Urbanization rate of urbanization: a span written 2020-25
    ],
)  # fmt: skip
def test_percentages_keep_what_they_are_of(text, of, unit, as_of) -> None:
    fig = parse_figure(text)
    assert (fig.of, fig.unit, fig.dating.as_of) == (of, unit, as_of)


def test_fiscal_year_is_kept_for_the_note() -> None:
    fig = parse_figure("$1.5 billion (FY2023/24 est.)")  # format
    assert fig.dating.fiscal == "2023/24"
    assert fig.dating.phrase() == " in fiscal year 2023/24"


@pytest.mark.parametrize(
    "text,message",
    [
        ("15-20%", "range"),  # rs Religions: "Russian Orthodox 15-20%, Muslim 10-15%, ..."
        ("10-15%", "range"),  # rs Religions
        ("1,212 km; Russia 7,644 km", "unexpected text"),  # kz border countries, as a figure
        ("about 20 million (2025 est.)", "not a figure"),
        ("Astana", "not a figure"),  # kz Capital name, as a figure
        ("4.8% (mid-2024 est.)", "unreadable date"),
        ("4.8% (31 February 2024 est.)", "does not exist"),
        ("$1 billion (FY93/94 est.)", "two-digit"),  # format: the century would be a guess
        ("", "empty"),
    ],
)
def test_unreadable_figures_are_errors(text, message) -> None:
    with pytest.raises(FigureError, match=message):
        parse_figure(text)


@pytest.mark.parametrize("text", ["NA", "NA (2023 est.)"])  # format: no NA in the shared files
def test_na_is_not_available(text) -> None:
    with pytest.raises(NotAvailable):
        parse_figure(text)


# --- strings, dates, HTML and notes --------------------------------------------------------------


def test_split_date_takes_the_trailer_off_strings() -> None:
    # kz Ethnic groups
    text = "Kazakh 71%, Russian 14.9%, Uzbek 3.3%, other 4.9%, unspecified 0.3% (2023 est.)"
    value, dating = split_date(text)
    assert value == "Kazakh 71%, Russian 14.9%, Uzbek 3.3%, other 4.9%, unspecified 0.3%"
    assert (dating.as_of, dating.estimate) == ("2023", True)
    # tx Capital name: a parenthesis that is no date stays
    assert split_date("Ashgabat (Ashkhabad)") == ("Ashgabat (Ashkhabad)", None)
    # kz Exports - partners: dated, no est.
    value, dating = split_date("China 16%, UK 15%, Russia 10%, Turkey 6%, Italy 5% (2023)")
    assert (value, dating.as_of, dating.estimate) == (
        "China 16%, UK 15%, Russia 10%, Turkey 6%, Italy 5%",
        "2023",
        False,
    )


def test_clean_strips_html_and_entities() -> None:
    # tx Religions
    raw = "Muslim 93%, Christian 6.4%, Buddhist &lt;1%, folk religion &lt;1% (2020 est.)"
    assert clean(raw) == "Muslim 93%, Christian 6.4%, Buddhist <1%, folk religion <1% (2020 est.)"
    # ti Capital etymology
    raw = "or the second day (<em>du</em>) after Saturday (<em>shambe</em>)"
    assert clean(raw) == "or the second day (du) after Saturday (shambe)"
    # ja Natural resources: a trailing no-break space
    assert clean("negligible mineral resources, fish\xa0") == "negligible mineral resources, fish"


@pytest.mark.parametrize(
    "raw,note",
    [
        ("<b>note:</b> data in 2021 dollars", "Factbook note: data in 2021 dollars."),  # kz GDP
        (  # kz Languages note, with no-break spaces inside the tag
            "<strong>note:\xa0\xa0</strong>percentages are based on population that understands "
            "the spoken language",
            "Factbook note: percentages are based on population that understands the spoken "
            "language.",
        ),
        (  # tx Exports note: a space inside the tag
            "<strong>note: </strong>GDP expenditure basis - exports of goods and services in "
            "current dollars",
            "Factbook note: GDP expenditure basis - exports of goods and services in current "
            "dollars.",
        ),
        (  # rs Religions note: long, cut to its first sentence
            "<strong>note:</strong> estimates are of practicing worshipers; Russia has large "
            "populations of non-practicing believers and non-believers",
            "Factbook note (first sentence): estimates are of practicing worshipers.",
        ),
    ],
)
def test_notes(raw, note) -> None:
    assert note_text(raw) == note


def test_every_metric_is_registered(base) -> None:
    missing = [k for k in metric_keys() if k not in base.metrics]
    assert missing == []
    for spec in FIELDS:
        assert spec.topic in base.topics


# --- importing the nine profiles -----------------------------------------------------------------


@needs_factbook
@pytest.mark.parametrize("code", CODES)
def test_every_profile_imports_without_problems(code, subjects) -> None:
    result = import_profile(FACTBOOK / f"{code}.json", subjects)
    assert result.subject is not None
    assert [str(p) for p in result.problems] == []
    assert [str(p) for p in result.skipped] == []
    metrics = {f.metric for f in result.facts}
    must = set(metric_keys()) - {"border_countries"}
    must = {m for m in must if not m.startswith("electricity_share_")}
    assert must <= metrics
    assert any(m.startswith("electricity_share_") for m in metrics)
    ids = [f.id for f in result.facts]
    assert len(ids) == len(set(ids))


@needs_factbook
def test_known_values_of_kazakhstan(subjects) -> None:
    result = import_profile(FACTBOOK / "kz.json", subjects)
    facts = {f.id: f for f in result.facts}
    pop = facts["kazakhstan.fb-population"]
    assert (pop.value, pop.qualifier, pop.as_of, pop.metric, pop.topic) == (
        20432662,
        "estimate",
        "2025",
        "population",
        "society",
    )
    assert pop.locator == "kz.json: People and Society › Population › total"
    assert pop.statement == (
        "The World Factbook estimates the population of Kazakhstan at 20,432,662 in 2025."
    )
    area = facts["kazakhstan.fb-area"]
    assert (area.value, area.unit, area.as_of, area.qualifier) == (2724900, "sq km", EDITION, None)
    assert area.locator == "kz.json: Geography › Area › total"  # the key is "total "
    assert "no date" in area.notes
    capital = facts["kazakhstan.fb-capital"]
    assert (capital.value, capital.metric, capital.topic) == ("Astana", "capital", "governance")
    gdp = facts["kazakhstan.fb-real-gdp-ppp"]
    assert (gdp.value, gdp.unit, gdp.as_of) == (739.385, "USD billion", "2024")
    assert gdp.notes == "Factbook note: data in 2021 dollars."
    growth = {f.as_of: f.value for f in result.facts if f.metric == "real_gdp_growth_rate"}
    assert growth == {"2024": 4.8, "2023": 5.1, "2022": 3.2}
    assert "kazakhstan.fb-real-gdp-growth-rate-2024" in facts
    assert facts["kazakhstan.fb-military-expenditure"].value == 0.9
    assert facts["kazakhstan.fb-imports-partners"].value == (
        "China 28%, Russia 24%, Gambia, The 4%, Turkey 4%, USA 4%"
    )


@needs_factbook
def test_other_shapes_in_the_profiles(subjects) -> None:
    rs = {f.id: f for f in import_profile(FACTBOOK / "rs.json", subjects).facts}
    shrink = rs["russia.fb-real-gdp-growth-rate-2022"]
    assert shrink.value == -1.4
    assert "shrank by 1.4%" in shrink.statement
    assert rs["russia.fb-religions"].value.startswith("Russian Orthodox 15-20%, Muslim 10-15%")
    assert rs["russia.fb-inflation-rate"].as_of == "2021"  # its latest year
    tx = {f.id: f for f in import_profile(FACTBOOK / "tx.json", subjects).facts}
    assert tx["turkmenistan.fb-religions"].value.startswith(
        "Muslim 93%, Christian 6.4%, Buddhist <1%"
    )
    assert tx["turkmenistan.fb-languages"].as_of == EDITION  # undated in the profile
    assert tx["turkmenistan.fb-capital"].value == "Ashgabat (Ashkhabad)"
    ja = {f.id: f for f in import_profile(FACTBOOK / "ja.json", subjects).facts}
    assert ja["japan.fb-land-boundaries"].value == 0
    assert "japan.fb-border-countries" not in ja
    assert ja["japan.fb-electricity-share-nuclear"].value == 8.9
    us = {f.id: f for f in import_profile(FACTBOOK / "us.json", subjects).facts}
    assert us["united-states.fb-languages"].locator == "us.json: People and Society › Languages"
    gdp = us["united-states.fb-real-gdp-ppp"]  # printed as $... trillion, stored in billions
    assert gdp.unit == "USD billion"
    assert "trillion" in gdp.statement


def test_trillions_and_millions_are_restated_exactly_in_billions() -> None:
    from c5lens.importers.factbook import in_billions, parse_figure

    fig = in_billions(parse_figure("$33.598 trillion (2024 est.)"))
    assert (fig.value, fig.unit, fig.printed_unit) == (33598, "USD billion", "USD trillion")
    fig = in_billions(parse_figure("$250.5 million (2023 est.)"))
    assert (fig.value, fig.unit) == (0.2505, "USD billion")
    fig = in_billions(parse_figure("$739.385 billion (2024 est.)"))
    assert (fig.value, fig.unit, fig.printed_unit) == (739.385, "USD billion", None)


# --- the generated files ------------------------------------------------------------------------


def _generated(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.glob("*/*.factbook.yaml")}


@needs_factbook
def test_import_is_deterministic_and_matches_the_shipped_files(tmp_path) -> None:
    files = [str(FACTBOOK / f"{c}.json") for c in CODES]
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    for out in (first, second):
        result = run("import", "factbook", *files, "--out", str(out))
        assert result.exit_code == 0, result.output
    assert _generated(first) == _generated(second)
    assert _generated(first) == _generated(SHIPPED)
    assert len(_generated(first)) == 9 * 8
    again = run("import", "factbook", *files, "--out", str(first))
    assert again.exit_code == 0
    assert "wrote" not in again.stdout
    assert again.stdout.count("unchanged ") == 9 * 8


def test_generated_file_header_and_layout(base) -> None:
    facts = [f for f in base.facts if f.id == "kazakhstan.fb-population"]
    assert facts, "the shipped base has the Factbook's population of Kazakhstan"
    path = SHIPPED / "kazakhstan" / "society.factbook.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# Generated by c5lens import factbook from kz.json; do not edit.\n"
        "subject: kazakhstan\ntopic: society\nfacts:\n"
    )
    assert "    as_of: '2025'\n" in text
    assert facts[0].file == "kazakhstan/society.factbook.yaml"
    assert facts[0].topic == "society"


def test_shipped_base_has_no_problems(base) -> None:
    assert [str(p) for p in base.problems] == []


def test_render_keeps_field_order_and_quotes_dates(subjects) -> None:
    from c5lens.importers.factbook import ImportedFact

    fact = ImportedFact(
        id="kazakhstan.fb-capital",
        subject="kazakhstan",
        topic="governance",
        statement="The World Factbook names Astana as the capital of Kazakhstan.",
        metric="capital",
        value="yes",  # a string YAML would read as a boolean must come back a string
        as_of="2026-01",
        locator="kz.json: Government › Capital › name",
    )
    text = render_topic_file("kz.json", "kazakhstan", "governance", [fact])
    keys = [line.split(":")[0].strip(" -") for line in text.splitlines()[4:]]
    assert keys == ["id", "statement", "metric", "value", "as_of", "source", "locator"]
    assert "value: 'yes'" in text
    assert "as_of: '2026-01'" in text


# --- the command --------------------------------------------------------------------------------


def test_compare_population_has_the_five() -> None:
    result = run("compare", "--metric", "population", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert sorted({r["subject"] for r in rows if r["value"] is not None}) == sorted(FIVE)
    kz = next(r for r in rows if r["subject"] == "kazakhstan")
    assert (kz["value"], kz["as_of"], kz["qualifier"]) == (20432662, "2025", "estimate")


def test_rank_gdp_per_capita_has_the_five() -> None:
    result = run("rank", "real_gdp_per_capita", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    ranked = {r["subject"]: r["value"] for r in rows if r.get("rank") is not None}
    assert set(FIVE) <= set(ranked)
    assert ranked["kazakhstan"] == 35900


@needs_factbook
def test_unreadable_value_is_reported_with_file_and_field(tmp_path) -> None:
    data = json.loads((FACTBOOK / "kz.json").read_text(encoding="utf-8"))
    data["People and Society"]["Population"]["total"]["text"] = "about 20 million (2025 est.)"
    data["Economy"]["Real GDP growth rate"]["Real GDP growth rate 2023"]["text"] = "3-5% (2023)"
    copy = tmp_path / "src" / "kz.json"
    copy.parent.mkdir()
    copy.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = run("import", "factbook", str(copy), "--out", str(out))
    assert result.exit_code == 4
    assert f"{copy}: People and Society › Population › total: " in result.stderr
    assert f"{copy}: Economy › Real GDP growth rate › Real GDP growth rate 2023: " in result.stderr
    assert "range" in result.stderr
    # what could be read is still written; what could not is not
    society = (out / "kazakhstan" / "society.factbook.yaml").read_text(encoding="utf-8")
    assert "kazakhstan.fb-median-age" in society
    assert "kazakhstan.fb-population" not in society
    economy = (out / "kazakhstan" / "economy.factbook.yaml").read_text(encoding="utf-8")
    assert "growth-rate-2024" in economy
    assert "growth-rate-2023" not in economy


@needs_factbook
def test_na_is_skipped_not_an_error(tmp_path) -> None:
    data = json.loads((FACTBOOK / "kg.json").read_text(encoding="utf-8"))
    data["Communications"]["Internet users"]["percent of population"]["text"] = "NA"
    copy = tmp_path / "kg.json"
    copy.write_text(json.dumps(data), encoding="utf-8")
    result = run("import", "factbook", str(copy), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert f"{copy}: Communications › Internet users › percent of population: skipped: " in (
        result.stderr
    )
    society = (tmp_path / "kyrgyzstan" / "society.factbook.yaml").read_text(encoding="utf-8")
    assert "internet-users" not in society


@needs_factbook
def test_hand_written_files_are_never_touched(tmp_path) -> None:
    out = tmp_path / "facts"
    shutil.copytree(SHIPPED / "kazakhstan", out / "kazakhstan")
    hand = {p.name: p.read_bytes() for p in (out / "kazakhstan").glob("*.yaml")}
    hand = {k: v for k, v in hand.items() if ".factbook." not in k}
    for p in (out / "kazakhstan").glob("*.factbook.yaml"):
        p.unlink()
    result = run("import", "factbook", str(FACTBOOK / "kz.json"), "--out", str(out))
    assert result.exit_code == 0, result.output
    for name, content in hand.items():
        assert (out / "kazakhstan" / name).read_bytes() == content
    assert not list((out / "kazakhstan").glob(".*"))  # no temporary file left behind


def test_out_dir_must_exist(tmp_path) -> None:
    profile = tmp_path / "kz.json"
    profile.write_text("{}", encoding="utf-8")
    result = run("import", "factbook", str(profile), "--out", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_bad_files_are_reported(tmp_path) -> None:
    (tmp_path / "kz.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "zz.json").write_text("{}", encoding="utf-8")
    result = run(
        "import", "factbook", str(tmp_path / "kz.json"), str(tmp_path / "zz.json"), "--out",
        str(tmp_path),
    )  # fmt: skip
    assert result.exit_code == 4
    assert f"{tmp_path / 'kz.json'}: not valid JSON" in result.stderr
    assert f"{tmp_path / 'zz.json'}: no subject has the Factbook code 'zz'" in result.stderr


def test_missing_input_file_is_a_usage_error(tmp_path) -> None:
    result = run("import", "factbook", str(tmp_path / "kz.json"), "--out", str(tmp_path))
    assert result.exit_code == 2


def test_write_import_refuses_a_missing_directory(tmp_path, subjects) -> None:
    from c5lens.importers.factbook import OutDirError, ProfileImport

    with pytest.raises(OutDirError):
        write_import(ProfileImport("kz.json", "kz.json", None), tmp_path / "nowhere")


def test_a_remark_cautions_a_value_kept_as_printed(subjects) -> None:
    result = import_profile(FACTBOOK / "kz.json", subjects)
    (partners,) = [f for f in result.facts if f.id == "kazakhstan.fb-imports-partners"]
    assert "Gambia, The 4%" in partners.value  # kept as printed
    assert partners.notes is not None and "c5lens caution: kept as printed." in partners.notes
    assert partners.notes.startswith("Factbook note: top five import partners")
    others = [f for f in result.facts if f.notes and "c5lens caution" in f.notes]
    assert others == [partners]


def test_a_remark_that_no_longer_matches_is_reported(tmp_path, subjects) -> None:
    data = json.loads((FACTBOOK / "kz.json").read_text(encoding="utf-8"))
    field = data["Economy"]["Imports - partners"]
    field["text"] = field["text"].replace("Gambia, The 4%", "Uzbekistan 4%")
    path = tmp_path / "kz.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = import_profile(path, subjects)
    messages = [str(p) for p in result.problems]
    assert any("the remark about 'Gambia, The 4%' no longer matches" in m for m in messages)
    (partners,) = [f for f in result.facts if f.id == "kazakhstan.fb-imports-partners"]
    assert partners.notes is not None and "c5lens caution" not in partners.notes
