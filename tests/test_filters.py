"""One query surface: every filter on every listing command, several values, dotted fields."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from c5lens.cli import spec

EXE = Path(sys.executable).parent / "c5lens"
LISTING = [c.name for c in spec.COMMANDS if c.filters]
# A value of each filter that the shipped base has, and what a command needs besides.
FILTER_VALUES = {
    "--country": "kazakhstan",
    "--involving": "japan",
    "--kind": "country",
    "--topic": "economy",
    "--source": "world-factbook-2026",
    "--metric": "population",
    "--since": "2020",
    "--until": "2026",
    "--locator": "People and Society",
}
NEEDS = {
    "country": ["kazakhstan"],
    "rank": ["population"],
    "search": ["population"],
    "history": ["kazakhstan", "population"],
}


def c5(*args: str, cache: bool = False) -> tuple[int, str, str]:
    env = {"PATH": "/usr/bin:/bin", "C5LENS_NO_CACHE": "" if cache else "1"}
    done = subprocess.run(
        [str(EXE), *args], capture_output=True, text=True, timeout=60, check=False, env=env
    )
    return done.returncode, done.stdout, done.stderr


def ids(out: str) -> list[str]:
    return [r["id"] if "id" in r else r["fact"] for r in json.loads(out)]


def test_the_listing_commands() -> None:
    assert LISTING == [
        "facts", "country", "compare", "rank", "history", "search", "timeline", "conflicts",
    ]  # fmt: skip
    flags = {f for p in spec.FILTER_PARAMS for f in p.flags}
    assert set(FILTER_VALUES) <= flags


@pytest.mark.parametrize("command", LISTING)
@pytest.mark.parametrize("flag", list(FILTER_VALUES))
def test_every_listing_command_takes_every_filter(command: str, flag: str) -> None:
    code, out, err = c5(command, *NEEDS.get(command, []), flag, FILTER_VALUES[flag], "--json")
    assert (code, err) == (0, "")
    assert isinstance(json.loads(out), list | dict)


def test_values_within_a_filter_are_alternatives_and_filters_all_apply() -> None:
    one = ids(c5("facts", "-c", "kz", "-m", "population", "--json")[1])
    assert one == ["kazakhstan.fb-population"]
    both = ["kazakhstan.fb-population", "uzbekistan.fb-population"]
    assert ids(c5("facts", "-c", "kz", "-c", "uz", "-m", "population", "--json")[1]) == both
    assert (
        ids(c5("facts", "--country", "kazakhstan,uzbekistan", "-m", "population", "--json")[1])
        == both
    )
    five = ids(c5("facts", "--country", "c5", "-m", "population", "--json")[1])
    assert [i.split(".")[0] for i in five] == [
        "kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan",
    ]  # fmt: skip
    assert five == ids(c5("facts", "--kind", "country", "-m", "population", "--json")[1])


def test_involving_adds_the_facts_that_name_a_subject_without_being_filed_under_it() -> None:
    filed = set(ids(c5("facts", "--country", "japan", "--json")[1]))
    involving = set(ids(c5("facts", "--involving", "japan", "--json")[1]))
    assert filed < involving
    extra = json.loads(c5("facts", "--involving", "japan", "--json")[1])
    assert all(r["country"] == "japan" or "japan" in r["related"] for r in extra)
    timeline = set(ids(c5("timeline", "--involving", "japan", "--json")[1]))
    assert timeline <= involving and timeline - filed


def test_since_until_and_locator_filter_facts() -> None:
    facts = json.loads(c5("facts", "--since", "2025-12", "--until", "2025-12", "--json")[1])
    assert facts and all(r["as_of"][:7] <= "2025-12" for r in facts)
    para = json.loads(c5("facts", "--locator", "challenges, para 4", "--json")[1])
    assert para and all("challenges, para 4" in r["source"]["locator"].lower() for r in para)


def test_options_before_the_command() -> None:
    assert c5("--json", "country", "kz") == c5("country", "kz", "--json")
    assert c5("--format", "csv", "--no-color", "topics") == c5("topics", "--format", "csv")


@pytest.mark.parametrize("fmt", ["json", "jsonl", "yaml", "csv", "tsv", "markdown"])
def test_dotted_fields_in_every_format(fmt: str) -> None:
    code, out, err = c5("facts", "-c", "kz", "-m", "area", "-f", fmt, "--fields", "id,source.id")
    assert (code, err) == (0, "")
    expected = {
        "json": '[\n  {\n    "id": "kazakhstan.fb-area",\n    "source": {\n      "id": '
        '"world-factbook-2026"\n    }\n  }\n]\n',
        "jsonl": '{"id": "kazakhstan.fb-area", "source": {"id": "world-factbook-2026"}}\n',
        "yaml": "- id: kazakhstan.fb-area\n  source:\n    id: world-factbook-2026\n",
        "csv": "id,source.id\nkazakhstan.fb-area,world-factbook-2026\n",
        "tsv": "id\tsource.id\nkazakhstan.fb-area\tworld-factbook-2026\n",
        "markdown": "| id | source.id |\n| --- | --- |\n"
        "| kazakhstan.fb-area | world-factbook-2026 |\n",
    }
    assert out == expected[fmt]


def test_empty_csv_and_tsv_still_have_their_header() -> None:
    code, out, _ = c5("facts", "-c", "kz", "--since", "2090", "--format", "csv")
    header = next(csv.reader(io.StringIO(out)))
    assert (code, out.count("\n")) == (0, 1)
    assert header[:3] == ["id", "country", "topic"] and "source.locator" in header
    assert c5("rank", "population", "--since", "2090", "-f", "tsv", "--fields", "rank,fact")[1] == (
        "rank\tfact\n"
    )


def test_bom_for_excel() -> None:
    out = c5("topics", "--format", "csv", "--bom")[1]
    assert out.startswith("\ufeffkey,description,facts\n")
    assert not c5("topics", "--json", "--bom")[1].startswith("\ufeff")


def test_strict_metric_keys() -> None:
    code, out, err = c5("rank", "capital")
    assert (code, out) == (2, "")
    assert err.startswith("c5lens: error: Invalid value for 'METRIC': capital is not numeric; ")
    assert "numeric metrics: " in err and "population" in err and err.count("\n") == 1
    assert c5("rank", "POPULATION", "--json") == c5("rank", "population", "--json")
    assert (
        c5("facts", "-m", "Population", "-c", "KZ", "--json")[1]
        == c5("facts", "-m", "population", "-c", "kz", "--json")[1]
    )
    code, _, err = c5("facts", "-m", "populaton")
    assert (code, err) == (
        3,
        "c5lens: error: unknown metric 'populaton' (did you mean population, urban_population?)\n",
    )


def test_the_index_answers_filters_as_the_yaml_does(tmp_path: Path) -> None:
    args = ["facts", "--involving", "japan,china", "--kind", "partner", "--since", "2025", "--json"]
    assert c5(*args) == c5(*args, cache=True)


def test_fact_ids_ignore_case() -> None:
    assert c5("fact", "KAZAKHSTAN.FB-AREA", "--json") == c5("fact", "kazakhstan.fb-area", "--json")
    assert c5("cite", "Kazakhstan.FB-Area")[0] == 0
    code, _, err = c5("fact", "Kazakhstan.FB-Aera")
    assert (code, err) == (
        3,
        "c5lens: error: unknown fact 'Kazakhstan.FB-Aera' (did you mean kazakhstan.fb-area, "
        "kazakhstan.fb-exports, kazakhstan.fb-capital?)\n",
    )


# --- search: what people mean (D85-D87) ------------------------------------------------------


@pytest.mark.parametrize("name", ["Kirghizia", "KZ", "Қазақстан"])
def test_search_finds_a_subject_by_any_name_country_accepts(name: str) -> None:
    """Every fact filed under the subject, and only those (47 for Kazakhstan, 34 Kyrgyzstan)."""
    subject = "kyrgyzstan" if name == "Kirghizia" else "kazakhstan"
    code, out, err = c5("search", name, "--json")
    assert (code, err) == (0, "")
    found = json.loads(out)
    everything = json.loads(c5("facts", "--country", subject, "--json")[1])
    assert sorted(r["id"] for r in found) == sorted(r["id"] for r in everything)


def test_search_phrases_prefixes_and_source_titles() -> None:
    for cache in (False, True):
        assert c5(
            "search", '"middle corridor"', "-f", "csv", "--fields", "id,score", cache=cache
        ) == (
            0,
            "id,score\n"
            "central-asia.middle-corridor-amplifies-chinese-influence,4.713281\n"
            "central-asia.landlocked,4.439251\n"
            "central-asia.middle-corridor-rapid-expansion-since-2022,4.247193\n"
            "central-asia.trans-caspian-route-middle-corridor,4.221104\n",
            "",
        )
    # a plain word is a whole word; its prefix form finds minerals, mining, ...
    assert c5("search", "miner", "--json")[:2] == (0, "[]\n")
    assert len(json.loads(c5("search", "miner*", "--json")[1])) == 27
    # source titles count only when asked for: both documents' titles name Japan or the
    # Japanese, so every one of their 205 facts matches there, 239 with every field
    assert len(json.loads(c5("search", "japan", "--json")[1])) == 86
    assert len(json.loads(c5("search", "japan*", "--in", "source", "--json")[1])) == 205
    assert len(json.loads(c5("search", "japan*", "--in", "all", "--json")[1])) == 239
    code, out, err = c5("search", "japan", "--in", "titles")
    assert (code, out) == (2, "") and "'titles' is not one of" in err and err.count("\n") == 1
